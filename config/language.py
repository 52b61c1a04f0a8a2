"""The language a person reads. LocaleMiddleware takes it from the language cookie, else from
the browser (Accept-Language). The switcher on every page (base.html) posts to `set_language`,
which sets the cookie and, for a signed-in user, keeps the choice in their preferences
(NotificationPreference.language, the language of their emails too): another browser then
opens in it once they sign in (AccountLanguage)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as set_language_cookie

from operations.models import NotificationPreference

# Session keys: a visitor's choice, kept for the account at sign-in; the account's language
# was looked at in this session (once per sign-in).
CHOSEN_BEFORE_LOGIN = "language_chosen_before_login"
ACCOUNT_LANGUAGE_APPLIED = "account_language_applied"


def is_offered(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def remember_language(user, code: str) -> None:
    NotificationPreference.objects.update_or_create(user=user, defaults={"language": code})


def account_language(user) -> str | None:
    code = NotificationPreference.objects.filter(user=user).values_list("language", flat=True)
    stored = code.first()
    return stored if is_offered(stored) else None


@login_not_required
@require_POST
def set_language(request):
    """Django's set_language (the cookie, then back to `next`), plus the account's memory."""
    response = set_language_cookie(request)
    code = request.POST.get("language")
    if not is_offered(code):
        return response
    if request.user.is_authenticated:
        remember_language(request.user, code)
    else:
        request.session[CHOSEN_BEFORE_LOGIN] = code
    return response


class AccountLanguage:
    """Once per sign-in: a choice made on the login page is kept for the account; otherwise the
    account's remembered language is used (and put in the cookie) when it is not the one
    the browser chose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = None
        if request.user.is_authenticated and not request.session.get(ACCOUNT_LANGUAGE_APPLIED):
            code = self.apply(request)
        response = self.get_response(request)
        if code:
            set_cookie(response, code)
        return response

    def apply(self, request) -> str | None:
        session = request.session
        session[ACCOUNT_LANGUAGE_APPLIED] = True
        chosen = session.pop(CHOSEN_BEFORE_LOGIN, None)
        if is_offered(chosen):
            remember_language(request.user, chosen)
            return None
        code = account_language(request.user)
        if code is None or code == translation.get_language():
            return None
        translation.activate(code)
        request.LANGUAGE_CODE = code
        return code


def set_cookie(response, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
