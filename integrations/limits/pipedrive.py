"""One rate limiter per Pipedrive company: the daily token budget is the company's."""

import time
from collections.abc import Callable

from integrations.limits import HeaderBudgetLimiter


def pipedrive_limiter_key(company_id) -> str:
    return f"pipedrive:company:{company_id}"


def make_limiter(
    company_id, *, sleep: Callable[[float], None] = time.sleep
) -> HeaderBudgetLimiter:
    return HeaderBudgetLimiter(pipedrive_limiter_key(company_id), sleep=sleep)
