"""The help article's journey in Spanish: a browser that asks for Spanish (es-ES) logs in,
connects both apps, launches, previews and runs the transfer of unsynced data and reads the
sync log. Every page of ours says <html lang="es">, shows the article's words (Lanzar, Ahora
no, Transferir datos no sincronizados, Siguiente, …), writes its dates the Spanish way
("1 dic 2026") and lets no English sentence of the product through, and axe-core finds
nothing on it. The language switcher is used once: English, kept on the next page, then
Español again, remembered for the account. The emulators' pages stand in for the vendors'
apps and stay English."""

import re

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from integrations.models import Integration
from operations.models import NotificationPreference
from sandbox.demo.management.commands.seed_demo import Command as SeedDemo
from sandbox.snovio.models import Account
from syncengine.models import SyncEntry, TransferJob
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_connect_journey import consent_in_pipedrive_sandbox
from tests.e2e.test_transfer_journey import background_worker  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(locale="es-ES"),  # Accept-Language: es-ES, es
]

# Django's Spanish month abbreviations (DATE_FORMAT "j b Y" in config/formats/es).
SPANISH_MONTHS = (
    *("ene", "feb", "mar", "abr", "may", "jun"),
    *("jul", "ago", "sep", "oct", "nov", "dic"),
)

# Words that only an English sentence has (the seeded lists, users, pipelines and fields of the
# emulators have none of them; "has" is Spanish too): one of them on a Spanish page is a leak.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|your|you|with|this|that|is|are|was|were|have|been|will|cannot|"
    r"when|which|there|would|every|no longer|not yet|press)\b",
    re.IGNORECASE,
)
# What an English page says and a Spanish one must not; the login page's come from allauth.
ENGLISH_OF_EVERY_PAGE = ("Skip to content", "Change language", "Language", "Email preferences")


def spanish_date(moment) -> str:
    day = timezone.localtime(moment)
    return f"{day.day} {SPANISH_MONTHS[day.month - 1]} {day.year}"


def visible_text(page) -> str:
    """What a reader meets: the title, the rendered text, and the names and hints given in
    attributes."""
    return page.evaluate(
        """() => [document.title, document.body.innerText,
            ...[...document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")]
              .flatMap((el) => [el.getAttribute("aria-label"), el.getAttribute("title"),
                                el.getAttribute("placeholder"), el.getAttribute("alt")])
              .filter(Boolean)].join("\\n")"""
    )


def expect_spanish_page(page, *shown, english=()):
    """The page (loaded, as the caller's waits made sure) is ours and in Spanish: <html lang>,
    the Spanish texts given, none of the English ones given nor any English sentence, and
    axe-core finds nothing."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    body = page.locator("body")
    for text in shown:
        expect(body).to_contain_text(text, use_inner_text=True)
    text = visible_text(page)
    leaks = [
        phrase
        for phrase in (*english, *ENGLISH_OF_EVERY_PAGE)
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    ]
    sentences = [line for line in text.splitlines() if ENGLISH_WORDS.search(line)]
    assert (leaks, sentences) == ([], []), f"English on a Spanish page {page.url}"
    assert_accessible(page)


def switch_language(page, *, label, button, to):
    page.get_by_label(label, exact=True).select_option(label=to)
    page.get_by_role("button", name=button).click()


def log_in_in_spanish(page, base):
    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    demo = page.get_by_test_id("demo-login")
    expect(demo).to_contain_text(f"inicia sesión como {django_settings.DEMO_LOGIN['email']}")
    expect_spanish_page(
        page,
        "Saltar al contenido",
        "Idioma",
        english=("Sign In", "Sign up", "Log in", "Password", "Remember Me", "log in as"),
    )
    page.get_by_label("Correo electrónico").fill(django_settings.DEMO_LOGIN["email"])
    page.get_by_label("Contraseña").fill(django_settings.DEMO_LOGIN["password"])
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("No conectado")
    expect(page.get_by_role("link", name="Conectar Snov.io")).to_be_visible()
    expect_spanish_page(
        page,
        "Estado:",
        "Preferencias de correo",
        "Cerrar sesión",
        english=("Status:", "Not connected", "Connect Snov.io", "Connect Pipedrive", "Log out"),
    )


def switch_to_english_and_back(page, user):
    """English from the switcher (each language named in itself), kept on the next page;
    Español again, kept for the account."""
    switch_language(page, label="Idioma", button="Cambiar idioma", to="English")
    expect(page.get_by_test_id("integration-status")).to_have_text("Not connected")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Connect Snov.io").click()
    expect(page.get_by_role("heading", name="Connect Snov.io")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Check and connect")).to_be_visible()
    assert NotificationPreference.objects.get(user=user).language == "en"

    switch_language(page, label="Language", button="Change language", to="Español")
    expect(page.get_by_role("heading", name="Conectar Snov.io")).to_be_visible()
    assert NotificationPreference.objects.get(user=user).language == "es"


def connect_snovio_in_spanish(page):
    expect_spanish_page(
        page,
        "Modo demo",
        english=("Connect Snov.io", "Check and connect", "Demo mode", "Back to your integration"),
    )
    page.get_by_label("API User ID").fill(django_settings.SANDBOX_SNOVIO_CLIENT_ID)
    page.get_by_label("API Secret").fill(django_settings.SANDBOX_SNOVIO_CLIENT_SECRET)
    page.get_by_role("button", name="Comprobar y conectar").click()
    connected = page.get_by_test_id("snovio-connected")
    expect(connected).to_be_visible()
    when = Integration.objects.get().snovio.connected_at
    expect(connected).to_contain_text(f"Conectado el {spanish_date(when)}, ")
    expect(page.get_by_role("status")).to_contain_text("Snov.io está conectado.")
    expect_spanish_page(
        page,
        "Conectar Pipedrive",
        english=("Connected on", "Disconnect Snov.io", "Connect Pipedrive", "is connected"),
    )


def connect_pipedrive_in_spanish(page):
    page.get_by_role("button", name="Conectar Pipedrive").click()
    consent_in_pipedrive_sandbox(page)  # the emulator's pages, English as Pipedrive's are
    expect(page.get_by_role("heading", name="Ajustes de la integración")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Pipedrive está conectado.")
    page.get_by_role("link", name="← Conexiones").click()
    expect(page.get_by_test_id("pipedrive-connected")).to_contain_text("Demo Company")
    expect(page.get_by_role("button", name="Reconectar")).to_be_visible()
    expect_spanish_page(
        page,
        "Empresa",
        "Conectado como",
        "Probar la conexión",
        english=("Connected as", "Test connection", "Reconnect", "Disconnect"),
    )
    page.get_by_role("link", name="Abrir los ajustes de la integración").click()


def settings_page_in_spanish(page):
    expect(page.get_by_role("heading", name="Ajustes de la integración")).to_be_visible()
    expect(page.get_by_test_id("integration-status")).to_have_text("Pausado")
    target = page.get_by_label("Lista de Snov.io que recibe los contactos de Pipedrive")
    expect(target.locator("option", has_text="Website signups")).to_have_count(1)
    expect(page.get_by_role("button", name="Actualizar")).to_be_visible()
    expect(page.get_by_role("button", name="Lanzar")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Todas las listas"))).to_be_checked()
    expect(page.get_by_role("heading", name="+ Agregar un campo")).to_be_visible()
    expect_spanish_page(
        page,
        "1. Dirección",
        "6. Lanzar",
        english=(
            "Integration settings",
            "Status:",
            "Paused",
            "Refresh",
            "Launch",
            "+ Add a field",
            "Add mapping",
            "All lists",
            "Where does data go?",
            "Both ways",
            "Field mapping",
        ),
    )
    target.select_option(label="Website signups")
    expect(page.locator("#exchange-saved")).to_contain_text("Ajustes guardados.")


def add_an_automation_action(page):
    block = page.locator("#automation-email_sent")
    block.get_by_text("Configurar acciones para «Correo electrónico de campaña enviado»").click()
    form = block.locator("form.add-action")
    expect(form.get_by_role("heading", name="+ Agregar una acción")).to_be_visible()
    form.get_by_label("Acción").select_option(label="Crear una negociación")
    form.get_by_role("button", name="Agregar acción").click()
    expect(block.locator(".automation-actions > li")).to_have_count(1)
    expect(block.get_by_role("heading", name="+ Agregar otra acción")).to_be_visible()
    expect(block.locator(".automation-actions > li strong")).to_have_text(
        "Crear una negociación en «Sales»"
    )
    expect_spanish_page(page, english=("+ Add another action", "Add action", "Create a deal"))


def launch_in_spanish(page):
    page.get_by_role("button", name="Lanzar").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Activo")
    expect(page.get_by_role("button", name="Pausar")).to_be_visible()
    offer = page.get_by_test_id("transfer-offer")
    expect(offer.get_by_role("button", name="Transferir datos no sincronizados")).to_be_visible()
    expect(offer.get_by_role("button", name="Ahora no")).to_be_visible()
    launched = spanish_date(Integration.objects.get().launched_at)
    expect(page.locator("#launch")).to_contain_text(f"Lanzada el {launched}, ")
    expect_spanish_page(
        page,
        english=("Active", "Launched on", "Transfer unsynced data", "Not now", "Pause"),
    )


def preview_the_transfer_in_spanish(page):
    page.get_by_test_id("transfer-offer").get_by_role(
        "button", name="Transferir datos no sincronizados"
    ).click()
    expect(page.get_by_role("heading", name="Transferir datos no sincronizados")).to_be_visible()
    expect_spanish_page(
        page,
        "1. Dirección",
        english=("Transfer unsynced data", "Next", "Which records", "every prospect"),
    )
    page.get_by_label("Snov.io → Pipedrive").check()
    page.get_by_role("button", name="Siguiente").click()

    expect(page.get_by_label("Snov.io", exact=True)).to_be_checked()
    expect(page.get_by_role("button", name="Iniciar transferencia")).to_be_visible()
    expect_spanish_page(
        page,
        "2. Aplicación fuente para los conflictos",
        english=("Source app for conflicts", "Preview", "Start transfer", "change"),
    )
    page.get_by_role("button", name="Vista previa").click()

    expect(page.get_by_test_id("transfer-percent")).to_have_text("100%", timeout=60_000)
    expect(page.get_by_role("heading", name="Vista previa de una transferencia:")).to_be_visible()
    expect(page.get_by_test_id("transfer-state")).to_have_text("Terminada")
    expect(page.get_by_test_id("transfer-counts")).to_contain_text("Por crear")
    expect(page.get_by_test_id("count-create")).not_to_have_text("0")
    expect(page.get_by_test_id("transfer-calls")).to_contain_text("Llamadas a la API: ")
    expect(page.get_by_role("button", name="Iniciar transferencia")).to_be_visible()
    expect_spanish_page(
        page,
        "Una vista previa no escribe nada.",
        "Lo que haría una transferencia",
        english=(
            "Preview of a transfer",
            "A preview writes nothing",
            "What a transfer would do",
            "Start transfer",
            "Finished",
            "To create",
            "Identical",
            "API calls",
            "Settings",
        ),
    )


def run_the_transfer_in_spanish(page):
    page.get_by_role("button", name="Iniciar transferencia").click()
    expect(page.get_by_test_id("transfer-percent")).to_have_text("100%", timeout=60_000)
    expect(page.get_by_role("heading", name="Transferencia:")).to_be_visible()
    finished = re.compile(r"^Terminada: \d+ escritos, \d+ fallidos$")
    expect(page.get_by_test_id("transfer-state")).to_have_text(finished)
    summary = page.get_by_test_id("transfer-summary")
    expect(summary).to_contain_text("Creados")
    assert TransferJob.objects.filter(dry_run=False).get().counts["done"].get("created")
    expect_spanish_page(
        page,
        "Resumen",
        english=("Summary", "Created", "Every record's outcome", "Transfer:", "Finished"),
    )


def sync_log_in_spanish(page):
    page.get_by_role(
        "link", name="El resultado de cada registro está en el registro de sincronización."
    ).click()
    expect(page.get_by_role("heading", name="Registro de sincronización")).to_be_visible()
    rows = page.get_by_test_id("log-row")
    expect(rows.filter(has_text="Transferencia").filter(has_text="Creado").first).to_be_visible()
    english = ("Sync log", "Filter", "Submit", "When", "Outcome", "Reason", "Records", "Created")
    expect_spanish_page(page, "Filtrar", "Registros", english=english)

    # Why one contact the transfer created synced: the engine's sentences, said in Spanish.
    created = SyncEntry.objects.filter(origin="transfer", outcome="created").earliest("pk")
    page.get_by_label("Correo electrónico").fill(created.email)
    page.get_by_role("button", name="Aplicar").click()
    summary = page.get_by_test_id("email-summary")
    expect(summary).to_contain_text(f"Por qué: {created.email}")
    expect(summary.get_by_test_id("verdict").first).to_be_visible()
    row = rows.filter(has_text=f"{spanish_date(created.created_at)}, ").filter(has_text="Creado")
    expect(row.first).to_contain_text(created.email)
    expect_spanish_page(
        page,
        "Vínculo entre las aplicaciones",
        english=(*english, "Why:", "Link between the apps", "Clear filters", "Transfer"),
    )


@pytest.mark.usefixtures("background_worker")
def test_the_article_journey_in_spanish(page, live_site, seeded_sandboxes, settings):
    settings.SNOVIO_REQUESTS_PER_MINUTE = 100_000  # the journey is timed, not paced
    Account.objects.update(documented_only=False)
    user = SeedDemo().ensure_demo_user()
    log_in_in_spanish(page, live_site)
    switch_to_english_and_back(page, user)
    connect_snovio_in_spanish(page)
    connect_pipedrive_in_spanish(page)
    settings_page_in_spanish(page)
    add_an_automation_action(page)
    launch_in_spanish(page)
    preview_the_transfer_in_spanish(page)
    run_the_transfer_in_spanish(page)
    sync_log_in_spanish(page)
    assert NotificationPreference.objects.get(user=user).language == "es"
