"""What a log line is about (the integration's uuid, the event or transfer id), bound while a
unit of work runs, and JSON log lines (LOG_FORMAT=json) that carry it.

The JSON formatter writes the message and traceback as the secret-redacting filter left them
(config.logfilters runs first, on the handler), plus the bound ids: never anything else."""

import datetime as dt
import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar

_bound: ContextVar[dict] = ContextVar("log_context", default={})  # noqa: B039 (never mutated)
FIELDS = ("integration", "event", "transfer")


@contextmanager
def log_context(**ids):
    """Bind ids to every log line written inside (nested bindings add to the outer ones)."""
    token = _bound.set({**_bound.get(), **{k: str(v) for k, v in ids.items() if k in FIELDS}})
    try:
        yield
    finally:
        _bound.reset(token)


def bound_ids() -> dict:
    return dict(_bound.get())


class BindContext(logging.Filter):
    """Puts the bound ids on the record (as attributes the formatter reads)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _bound.get().items():
            setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the bound ids, a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)
