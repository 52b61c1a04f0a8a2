import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def live_site(live_server, settings):
    """Point every outside-app URL at the live server, where the sandboxes answer."""
    url = live_server.url
    settings.SITE_URL = url
    settings.PIPEDRIVE_OAUTH_URL = f"{url}/sandbox/pipedrive"
    settings.PIPEDRIVE_API_URL = f"{url}/sandbox/pipedrive"
    settings.PIPEDRIVE_REDIRECT_URI = f"{url}/integration/pipedrive/callback/"
    settings.SNOVIO_API_URL = f"{url}/sandbox/snovio"
    # Login and email rate limits live in the database cache, which no flush between tests empties.
    cache.clear()
    return url


@pytest.fixture
def seeded_sandboxes(db):
    from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
    from sandbox.snovio.seed import seed_sandbox as seed_snovio

    seed_snovio(prospects=30)
    seed_pipedrive(persons=30)


def assert_accessible(page):
    """Run axe-core in the page; fail with the rule ids and targets it reports."""
    helper = getattr(page, "axe_helper", None)
    if helper is not None:
        assert_accessible_without_js(page, helper)
        return
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    problems = [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result
    ]
    assert problems == [], json.dumps(problems, indent=1)


def assert_accessible_without_js(page, helper):
    """axe-core for a page opened with JavaScript off (where axe cannot run): its HTML as it
    stands, scripts left out, is checked in `helper`, a page with JavaScript on."""
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
    base = f'<base href="{page.url}">'
    helper.set_content(html.replace("<head>", f"<head>{base}", 1))
    assert_accessible(helper)


class CountedUser:
    """A user's hands on the page: every click, pick and typed field is counted (the measure
    of how much work a journey is). Checks and waits are not actions."""

    def __init__(self, page):
        self.page = page
        self.actions = 0

    def click(self, locator):
        locator.click()
        self.actions += 1

    def pick(self, locator, label):
        locator.select_option(label=label)
        self.actions += 1

    def type(self, locator, text):
        locator.fill(text)
        self.actions += 1

    def check(self, locator):
        locator.check()
        self.actions += 1


IN_SIGHT = """(el) => {
    const box = el.getBoundingClientRect();
    const bar = document.getElementById("status-bar");
    const top = bar && !bar.contains(el) ? bar.getBoundingClientRect().bottom : 0;
    return box.height > 0 && box.top >= top - 1 && box.bottom <= window.innerHeight + 1;
}"""


def expect_in_sight(page, locator):
    """Wait until the element is drawn inside the window and not under the sticky status bar;
    fail (after the usual wait) if it stays above or below the viewport."""
    locator.wait_for()
    if getattr(page, "axe_helper", None) is not None:  # JavaScript off: still once loaded
        assert locator.evaluate(IN_SIGHT), "out of sight"
        return
    page.wait_for_function(IN_SIGHT, arg=locator.element_handle())


@pytest.fixture
def no_js_page(browser, live_site):
    """A page with JavaScript off (axe-core runs on a copy of it in a page with it on)."""
    context = browser.new_context(java_script_enabled=False)
    helper_context = browser.new_context()
    page = context.new_page()
    page.axe_helper = helper_context.new_page()
    yield page
    context.close()
    helper_context.close()
