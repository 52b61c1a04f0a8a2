"""Play pages: persons (list, search, create, edit, delete, merge)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import events, people
from ..errors import ApiError
from ..forms import MergeForm, PersonForm, custom_initial
from ..models import Person, PersonField
from ..play import acting_user, require_company

PAGE_SIZE = 25


def _custom_fields(company) -> list[PersonField]:
    return list(PersonField.objects.filter(company=company, is_custom=True, active=True))


def person_list(request):
    company = require_company(request)
    query = (request.GET.get("q") or "").strip()
    persons = Person.objects.filter(company=company, is_deleted=False).select_related("org")
    if query:
        persons = persons.filter(
            Q(name__icontains=query) | Q(emails__icontains=query) | Q(phones__icontains=query)
        )
    page = Paginator(persons.order_by("id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"company": company, "page": page, "q": query}
    return render(request, "sandbox/pipedrive/play/persons.html", context)


def _save(request, company, form, person=None):
    changes = form.changes()
    actor = acting_user(company)
    try:
        if person is None:
            person = people.create_person(
                company=company, actor=actor, changes=changes, source=events.APP
            )
        else:
            people.update_person(person, actor=actor, changes=changes, source=events.APP)
    except ApiError as error:
        form.add_error(None, error.body.get("error"))
        return None
    return person


def person_create(request):
    company = require_company(request)
    fields = _custom_fields(company)
    initial = {"owner": acting_user(company)}
    form = PersonForm(request.POST or None, company=company, fields=fields, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = _save(request, company, form)
        if person is not None:
            messages.success(request, f"Person {person.name} created.")
            return redirect("sandbox-pipedrive-play-person", person_id=person.id)
    return render(request, "sandbox/pipedrive/play/person_form.html", {"form": form})


def _initial(person: Person, fields) -> dict:
    initial = {
        "name": person.name,
        "emails": "\n".join(e["value"] for e in sorted(person.emails, key=_primary_first)),
        "phones": "\n".join(p["value"] for p in sorted(person.phones, key=_primary_first)),
        "job_title": person.job_title,
        "owner": person.owner,
        "org": person.org,
    }
    for field in fields:
        initial.update(custom_initial(field, person.custom_fields.get(field.key)))
    return initial


def _primary_first(item: dict) -> int:
    return 0 if item.get("primary") else 1


def person_edit(request, person_id):
    company = require_company(request)
    person = get_object_or_404(Person, company=company, id=person_id, is_deleted=False)
    fields = _custom_fields(company)
    form = PersonForm(
        request.POST or None, company=company, fields=fields, initial=_initial(person, fields)
    )
    if request.method == "POST" and form.is_valid() and _save(request, company, form, person):
        messages.success(request, "Person saved.")
        return redirect("sandbox-pipedrive-play-person", person_id=person.id)
    context = {"form": form, "person": person}
    return render(request, "sandbox/pipedrive/play/person_form.html", context)


@require_POST
def person_delete(request, person_id):
    company = require_company(request)
    person = get_object_or_404(Person, company=company, id=person_id, is_deleted=False)
    people.delete_person(person, actor=acting_user(company), source=events.APP)
    messages.success(request, f"Person {person.name} deleted.")
    return redirect("sandbox-pipedrive-play-persons")


def person_merge(request):
    company = require_company(request)
    form = MergeForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        alive = Person.objects.filter(company=company, is_deleted=False)
        survivor = alive.filter(id=form.cleaned_data["survivor"]).first()
        merged = alive.filter(id=form.cleaned_data["merged"]).first()
        if survivor is None:
            form.add_error("survivor", "No such person.")
        if merged is None:
            form.add_error("merged", "No such person.")
        if survivor and merged:
            people.merge_persons(survivor=survivor, merged=merged, actor=acting_user(company))
            messages.success(request, f"{merged.name} was merged into {survivor.name}.")
            return redirect("sandbox-pipedrive-play-person", person_id=survivor.id)
    return render(request, "sandbox/pipedrive/play/person_merge.html", {"form": form})
