#!/usr/bin/env bash
# The translation catalogs are compiled with GNU gettext's msgfmt (compilemessages); install
# Debian's gettext when it is missing (needs root).
set -euo pipefail
if command -v msgfmt >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "GNU gettext (msgfmt) is missing: run 'sudo apt-get install -y gettext' and retry." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
