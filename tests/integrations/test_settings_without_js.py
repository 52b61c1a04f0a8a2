"""Without JavaScript the settings page cannot save a choice as it is made: the data exchange
section says so beside its Save button (the picks travel with Save settings and Launch only)."""

import re

from django.urls import reverse

NOTE = "Without JavaScript your choices here are kept when you press Save settings or Launch"


def test_before_launch_the_page_says_where_unsaved_picks_are_kept(
    owner_client, connected_integration
):
    page = owner_client.get(
        reverse("integrations-settings", args=[connected_integration.uuid])
    ).content.decode()
    noscript = " ".join(re.findall(r"<noscript>(.*?)</noscript>", page, flags=re.S))
    assert NOTE in noscript
