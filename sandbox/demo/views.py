"""The demo's outbox: the emails the product "sent". Staff see every one; anyone else only
those addressed to them (they may hold sign-in and unsubscribe links)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sandbox.demo.models import OutboxMessage

PAGE_SIZE = 20


def visible_messages(user):
    messages = OutboxMessage.objects.all()
    if user.is_staff:
        return messages
    email = user.email.strip().lower()
    own = [m.pk for m in messages.only("pk", "to") if email and email in lowered(m.to)]
    return messages.filter(pk__in=own)


def lowered(addresses: list) -> set[str]:
    return {str(address).strip().lower() for address in addresses}


@require_GET
def outbox(request):
    page = Paginator(visible_messages(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sandbox/demo/outbox.html", {"page": page})
