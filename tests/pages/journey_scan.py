"""Every page a browser journey renders is read for keys and codes (names, not keys): the live
server renders in this process, so each page the product draws is scanned as it is drawn.
A journey that shows a Pipedrive field key, a "custom:" key or one of our codes fails."""

import pytest
from django.template.backends.django import Template

NOT_PAGES = ("sandbox/", "admin/")  # the emulators show vendor keys; the admin is staff's


@pytest.fixture(autouse=True)
def journeys_show_no_keys(request, monkeypatch):
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    from tests.pages.readable import keys_and_codes  # imports the product: Django is set up

    found: dict[str, list[str]] = {}
    draw = Template.render

    def render(self, context=None, request=None):
        html = draw(self, context, request)
        name = self.template.origin.template_name or ""
        page = name.endswith(".html") and not name.startswith(NOT_PAGES)
        if page and (codes := keys_and_codes(html)):
            found.setdefault(name, []).extend(codes)
        return html

    monkeypatch.setattr(Template, "render", render)
    yield
    assert found == {}, f"pages showed keys or codes: {found}"
