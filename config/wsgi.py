"""WSGI entry point (`gunicorn config.wsgi`). It refuses to start an unsafe deployment:
gunicorn runs no system checks of its own (config.checks)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config.checks import refuse_unsafe_start  # noqa: E402  (needs the apps loaded)

refuse_unsafe_start()
