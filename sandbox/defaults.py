"""Defaults both emulators share."""

from django.conf import settings


def rate_limits_on() -> bool:
    """Whether new emulated accounts enforce the vendors' real rate limits.

    On in the demo (`make run`), like production; config.test_settings turns it off so that
    every test chooses limits explicitly. Each play page has a switch."""
    return bool(getattr(settings, "SANDBOX_RATE_LIMITS", True))
