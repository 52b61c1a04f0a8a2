"""A Spanish reader meets one register on the account pages and emails: tú, as everywhere else.

allauth's and Django's own Spanish says "usted" ("¿Ha olvidado su contraseña?"); our catalog
says those words again in tú (config/vendor_words.py marks them for it)."""

import html
import re
from pathlib import Path

import polib
import pytest

from tests.factories import make_user

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}
# Words a reader addressed as "usted" would meet.
USTED = (
    "su contraseña",
    "introduzca",
    "regístrese",
    "¿ha olvidado",
    "usted",
    "póngase",
    "le hemos",
)

ROOT = Path(__file__).resolve().parents[2]
SITE_PACKAGES = Path(polib.__file__).resolve().parent
VENDOR_CATALOGS = [
    SITE_PACKAGES / "allauth" / "locale",
    SITE_PACKAGES / "django" / "contrib" / "auth" / "locale",
    SITE_PACKAGES / "django" / "conf" / "locale",
]


def words(page: str) -> str:
    """The page's text as a reader sees it: no markup, one space between words."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).replace(" .", ".")


def assert_tu(text: str) -> None:
    found = [word for word in USTED if word in text.lower()]
    assert found == [], f"usted forms: {found}"


@pytest.mark.django_db
def test_the_login_page_says_tu(client):
    text = words(client.get("/accounts/login/", **ES).content.decode())
    assert "¿Olvidaste tu contraseña?" in text
    assert "Si todavía no tienes una cuenta, regístrate primero." in text
    assert_tu(text)


@pytest.mark.django_db
def test_a_wrong_password_is_told_in_tu(client):
    make_user("known@example.org")
    page = client.post("/accounts/login/", {"login": "known@example.org", "password": "no"}, **ES)
    text = words(page.content.decode())
    assert (
        "La dirección de correo electrónico o la contraseña que has indicado no son correctas."
        in text
    )
    assert_tu(text)


@pytest.mark.django_db
def test_the_signup_page_and_its_password_rules_say_tu(client):
    text = words(client.get("/accounts/signup/", **ES).content.decode())
    assert "¿Ya tienes una cuenta? Entonces inicia sesión." in text
    assert "Tu contraseña debe contener al menos 8 caracteres." in text
    assert "Tu contraseña no puede contener solo números." in text
    assert_tu(text)


@pytest.mark.django_db
def test_the_password_reset_page_says_tu(client):
    text = words(client.get("/accounts/password/reset/", **ES).content.decode())
    assert (
        "¿Olvidaste tu contraseña? Escribe tu dirección de correo electrónico y te enviaremos "
        "un correo para restablecerla." in text
    )
    assert_tu(text)


@pytest.mark.django_db
def test_the_password_reset_email_says_tu(client, mailoutbox):
    make_user("known@example.org")
    done = client.post(
        "/accounts/password/reset/", {"email": "known@example.org"}, follow=True, **ES
    )
    text = words(done.content.decode())
    assert "Te hemos enviado un correo electrónico." in text
    assert_tu(text)
    [email] = mailoutbox
    assert email.to == ["known@example.org"]
    assert "Haz clic en el enlace de abajo para restablecer tu contraseña." in email.body
    assert "/accounts/password/reset/key/" in email.body
    assert_tu(email.subject + "\n" + email.body)


def vendor_keys() -> set[tuple[str, str, str]]:
    keys = set()
    for locale in VENDOR_CATALOGS:
        for entry in polib.pofile(str(locale / "es" / "LC_MESSAGES" / "django.po")):
            keys.add((entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""))
    return keys


def test_every_vendor_word_we_translate_is_still_the_vendors():
    """A msgid that no longer matches allauth's or Django's byte for byte translates nothing."""
    ours = polib.pofile(str(ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    listed = [
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        for entry in ours
        if any(path == "config/vendor_words.py" for path, _ in entry.occurrences)
    ]
    assert len(listed) > 30
    assert sorted(set(listed) - vendor_keys()) == []


@pytest.mark.django_db
def test_the_email_addresses_page_says_tu(owner_client):
    text = words(owner_client.get("/accounts/email/", **ES).content.decode())
    assert "Las siguientes direcciones de correo electrónico están asociadas a tu cuenta:" in text
    assert "Reenviar verificación" in text
    assert_tu(text)
