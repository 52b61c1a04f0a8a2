"""A browser asking for Spanish gets the login page in Spanish: our layout and allauth's form."""

import re

import pytest


@pytest.mark.django_db
def test_the_login_page_is_spanish_for_a_spanish_browser(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page
    assert re.search(r"<button[^>]*>\s*Iniciar sesión\s*</button>", page)
    assert "Saltar al contenido" in page
    assert "Sign In" not in page
    # Each language is offered in its own name.
    assert '<option value="en" lang="en">English</option>' in page
    assert '<option value="es" lang="es" selected>Español</option>' in page
