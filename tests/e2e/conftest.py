import json
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
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    problems = [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result
    ]
    assert problems == [], json.dumps(problems, indent=1)
