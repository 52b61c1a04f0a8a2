"""Email preferences: the signed-in user's page, and the one-click unsubscribe link every
email carries (no login: the link's signature says who and which kind)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from operations.models import NotificationKind, NotificationPreference
from operations.preferences import preference_of, read_unsubscribe_token, unsubscribe


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = [kind.value for kind in NotificationKind]


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferenceForm(request.POST or None, instance=preference_of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Email preferences saved."))
        return redirect("operations-preferences")
    return render(request, "operations/preferences.html", {"form": form})


# Mail clients unsubscribe with a POST of their own (RFC 8058), without our CSRF token; a GET
# (a person, or a link scanner) only asks, so prefetching the link unsubscribes nobody.
@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe_link(request, token):
    try:
        user_id, kind = read_unsubscribe_token(token)
        user = get_user_model().objects.get(pk=user_id)
    except (signing.BadSignature, get_user_model().DoesNotExist):
        return render(request, "operations/unsubscribe_invalid.html", status=400)
    done = request.method == "POST"
    if done:
        unsubscribe(user=user, kind=kind)
    context = {"kind": NotificationKind(kind), "done": done, "token": token}
    return render(request, "operations/unsubscribe.html", context)
