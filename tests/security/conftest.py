import copy
import io
import logging

import pytest
from django.utils.log import configure_logging

import config.settings
from syncengine.webhook_registration import ensure_realtime_state


@pytest.fixture
def state(integration):
    return ensure_realtime_state(integration)[0]


def _logger_states():
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    return [
        (lg, lg.handlers[:], lg.filters[:], lg.level, lg.propagate, lg.disabled)
        for lg in loggers
        if isinstance(lg, logging.Logger)
    ]


@pytest.fixture
def real_logs():
    """The project's LOGGING (filters, handlers, formatter) applied as in production after
    Django's defaults, with the root at DEBUG and the console writing into a buffer that the
    test reads. Every logger is put back afterwards."""
    saved = _logger_states()
    buffer = io.StringIO()
    conf = copy.deepcopy(config.settings.LOGGING)
    conf["handlers"]["console"]["stream"] = buffer
    conf["root"]["level"] = "DEBUG"
    configure_logging("logging.config.dictConfig", conf)
    try:
        yield buffer
    finally:
        for lg, handlers, filters, level, propagate, disabled in saved:
            lg.handlers[:], lg.filters[:] = handlers, filters
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled
