"""Secrets out of log records before any handler writes them (B14).

Installed on every handler in settings.LOGGING. Our own log lines carry ids and reason codes
only; this catches what others write: Django logs the path of a refused or failed request
("Not Found: /webhooks/snovio/<token>/", "Internal Server Error: …"), runserver logs each request
line, and the Snov.io webhook's path is its secret."""

import logging
import re

REDACTED = "[redacted]"
_SECRET_NAMES = "access_token|refresh_token|api_token|token|client_secret|password|secret|code"
SECRET_PATTERNS = (
    # Path segments that are secrets: the Snov.io webhook token, allauth's one-time keys.
    re.compile(r"(/webhooks/snovio/)[^/\s?#'\"]+"),
    re.compile(r"(/password/reset/key/)[^/\s?#'\"]+"),
    re.compile(r"(/confirm-email/)[^/\s?#'\"]+"),
    # Query and form parameters, and JSON members, named like secrets.
    re.compile(rf"([?&](?:{_SECRET_NAMES}|state)=)[^&\s#'\"]+", re.IGNORECASE),
    re.compile(rf"(\"(?:{_SECRET_NAMES})\"\s*:\s*\")[^\"]*", re.IGNORECASE),
    # Authorization header values.
    re.compile(r"(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE),
)


def redact(text: str) -> str:
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites the record's message (with its args merged in), traceback and stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # args that do not fit: logging reports them as they are
            record.msg, record.args = redact(str(record.msg)), _redacted_args(record.args)
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _redacted_args(args):
    if isinstance(args, dict):
        return {key: redact(str(value)) for key, value in args.items()}
    return tuple(redact(str(arg)) for arg in args or ())
