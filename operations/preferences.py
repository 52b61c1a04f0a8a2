"""Email preferences, kept on the user: one switch per kind and a language. Every email carries
a signed one-click link that turns its kind off (no login: the signature is the proof)."""

from django.core import signing
from django.utils import translation

from operations.models import NotificationKind, NotificationPreference

UNSUBSCRIBE_SALT = "operations.unsubscribe"
DEFAULT_LANGUAGE = "en"


def preference_of(user) -> NotificationPreference:
    """The user's preferences; the defaults (everything on, English) if never saved."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


def email_language(preference: NotificationPreference) -> str:
    """The language to write in: the user's, if it has translations, else English."""
    code = preference.language or DEFAULT_LANGUAGE
    return code if translation.check_for_language(code) else DEFAULT_LANGUAGE


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind); raises signing.BadSignature for a token we did not make."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("k") not in NotificationKind.values:
        raise signing.BadSignature("not an unsubscribe token")
    if not isinstance(data.get("u"), int):
        raise signing.BadSignature("not an unsubscribe token")
    return data["u"], data["k"]


def unsubscribe(*, user, kind: str) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    setattr(preference, NotificationKind(kind).value, False)
    preference.save(update_fields=[NotificationKind(kind).value, "updated_at"])
    return preference
