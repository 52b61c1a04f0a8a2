"""What a person reads on a page holds no internal key or code: no 40-character Pipedrive field
key, no "custom:" Snov.io key, none of our reason, cause, trigger or action codes. Form values
and attributes are not read, so only the text of the page is scanned (scripts and styles left
out). The remote apps' own words may hold anything and are not judged."""

import re
from html.parser import HTMLParser

from automations.registry import ActionType, Trigger
from automations.runner import NOT_RUN
from integrations.models import StatusCause
from syncengine.log_sentences import REASONS
from syncengine.transfer.classify import Kind, Reason
from syncengine.transfer.failures import INTERNAL_ERROR, RETRIES_EXHAUSTED, WORKER_LOST

HEX_KEY = re.compile(r"\b[0-9a-f]{40}\b")
CUSTOM_KEY = re.compile(r"\bcustom:\S")
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
EMAIL = re.compile(r"\S+@\S+")
OUR_CODES = (
    set(REASONS)
    | set(NOT_RUN)
    | set(StatusCause.values)
    | set(ActionType.values)
    | set(Trigger.values)
    | {r.value for r in Reason}
    | {f"{Kind.AMBIGUOUS}:{r.value}" for r in Reason}
    | {INTERNAL_ERROR, RETRIES_EXHAUSTED, WORKER_LOST}
) - {""}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self.skipping -= tag in ("script", "style", "template") and self.skipping > 0

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def keys_and_codes(html: str, *, also=()) -> list[str]:
    """The internal keys and codes a person would read on this page (`also`: more codes)."""
    text = EMAIL.sub(" ", visible_text(html))
    codes = [word for word in CODE.findall(text) if word in OUR_CODES or word in also]
    found = HEX_KEY.findall(text) + CUSTOM_KEY.findall(text) + codes
    return sorted(set(found))
