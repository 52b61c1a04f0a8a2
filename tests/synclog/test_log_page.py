"""The sync log lists every record outcome, newest first, 50 a page, filterable (B1)."""

import pytest
from django.urls import reverse

from syncengine.models import App, Outcome
from tests.factories import make_integration
from tests.synclog.entries import make_entry, minutes

pytestmark = pytest.mark.django_db


def log_url(integration):
    return reverse("syncengine-log", args=[integration.uuid])


def rows(response):
    return [row.entry for row in response.context["rows"]]


def test_log_lists_every_outcome_newest_first(owner_client, integration):
    old = make_entry(integration, outcome=Outcome.FAILED, age=minutes(30))
    new = make_entry(integration, outcome=Outcome.UPDATED, age=minutes(1))
    middle = make_entry(integration, outcome=Outcome.SKIPPED, age=minutes(10))
    response = owner_client.get(log_url(integration))
    assert response.status_code == 200
    assert rows(response) == [new, middle, old]
    assert b'class="table-wrap"' in response.content


def test_log_shows_the_reason_in_words_and_the_remote_error(owner_client, integration):
    make_entry(
        integration,
        outcome=Outcome.FAILED,
        reason_code="validation",
        remote_error="Pipedrive HTTP 400: Name is required",
    )
    response = owner_client.get(log_url(integration))
    assert "Pipedrive refused the data: Pipedrive HTTP 400: Name is required" in (
        response.content.decode()
    )


def test_log_leaves_out_other_integrations_entries(owner_client, integration):
    mine = make_entry(integration)
    make_entry(make_integration(), email="someone-else@example.org")
    response = owner_client.get(log_url(integration))
    assert rows(response) == [mine]
    assert b"someone-else@example.org" not in response.content


def test_log_of_a_foreign_integration_is_404(owner_client):
    assert owner_client.get(log_url(make_integration())).status_code == 404


def test_log_pages_hold_fifty_entries_each(owner_client, integration):
    oldest = make_entry(integration, age=minutes(100))
    for n in range(50):
        make_entry(integration, age=minutes(n))
    first = owner_client.get(log_url(integration))
    second = owner_client.get(log_url(integration), {"page": 2})
    assert len(rows(first)) == 50
    assert oldest not in rows(first)
    assert rows(second) == [oldest]
    assert b"Page 1 of 2" in first.content


def test_page_links_keep_the_filters(owner_client, integration):
    for _ in range(51):
        make_entry(integration, outcome=Outcome.FAILED)
    response = owner_client.get(log_url(integration), {"outcome": "failed"})
    assert b'href="?outcome=failed&amp;page=2"' in response.content


@pytest.mark.parametrize(
    "param, wanted, other",
    [
        ("outcome", {"outcome": Outcome.FAILED}, {"outcome": Outcome.CREATED}),
        ("receiver", {"receiver": App.SNOVIO}, {"receiver": App.PIPEDRIVE}),
        ("origin", {"origin": "transfer"}, {"origin": "realtime"}),
    ],
)
def test_each_filter_shows_only_matching_entries(owner_client, integration, param, wanted, other):
    match = make_entry(integration, **wanted)
    make_entry(integration, **other)
    response = owner_client.get(log_url(integration), {param: wanted[param]})
    assert rows(response) == [match]
    assert response.context["form"].initial == {param: wanted[param]}


def test_filters_combine(owner_client, integration):
    match = make_entry(integration, outcome=Outcome.FAILED, receiver=App.SNOVIO)
    make_entry(integration, outcome=Outcome.FAILED, receiver=App.PIPEDRIVE)
    make_entry(integration, outcome=Outcome.CREATED, receiver=App.SNOVIO)
    response = owner_client.get(log_url(integration), {"outcome": "failed", "receiver": "snovio"})
    assert rows(response) == [match]


def test_an_origin_used_by_the_engine_but_not_predeclared_can_be_chosen(owner_client, integration):
    match = make_entry(integration, origin="reconcile")
    make_entry(integration, origin="realtime")
    response = owner_client.get(log_url(integration), {"origin": "reconcile"})
    assert rows(response) == [match]


@pytest.mark.parametrize(
    "param, value, note",
    [
        ("outcome", "exploded", "Unknown outcome “exploded” was ignored."),
        ("receiver", "hubspot", "Unknown app “hubspot” was ignored."),
        ("origin", "<script>", "Unknown origin “&lt;script&gt;” was ignored."),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_note(
    owner_client, integration, param, value, note
):
    entries = [make_entry(integration, age=minutes(2)), make_entry(integration)]
    response = owner_client.get(log_url(integration), {param: value, "page": "many"})
    assert response.status_code == 200
    assert rows(response) == entries[::-1]
    assert note in response.content.decode()


def test_filter_controls_are_labelled_with_a_submit_button(owner_client, integration):
    html = owner_client.get(log_url(integration)).content.decode()
    for name, label in [("outcome", "Outcome"), ("receiver", "App"), ("origin", "Origin")]:
        assert f'<label for="id_{name}">{label}</label>' in html
    assert '<label for="id_email">Email</label>' in html
    assert '<button type="submit">Submit</button>' in html
