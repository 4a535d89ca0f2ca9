"""The administrator's pages in Chromium: HTMX filtering, confirm dialogs, no CSP errors.

Uses the live-server and browser fixtures of tests/browser (Debian's Chromium).
"""

import pytest
from playwright.sync_api import expect

from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import Role, UnitKind
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    _audit_flush_allowed,
    _audit_guard_back_after_module,
    _serialized_db,
    chromium,
    log_in,
    new_page,
    page,
)
from tests.factories import UserFactory, organisation

pytestmark = pytest.mark.browser


def _csp_errors(page) -> list[str]:  # noqa: F811 (the fixture's name)
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    return errors


@pytest.fixture
def coa(transactional_db):
    coa = organisation("coa")
    unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Ter Apel")
    UserFactory(username="beheer", role=Role.BEHEERDER, first_name="Bea", last_name="Bakker")
    UserFactory(username="mila", role=Role.MENTOR, unit=unit, first_name="Mila", last_name="Vries")
    UserFactory(username="jan", role=Role.MENTOR, unit=unit, first_name="Jan", last_name="Jansen")
    return coa


def test_filter_open_and_deactivate_with_confirmation(page, coa):  # noqa: F811
    csp = _csp_errors(page)
    log_in(page, "beheer")
    page.goto("/account/beheer/gebruikers/")
    page.wait_for_load_state("networkidle")  # htmx.min.js is deferred
    assert page.locator("table.user-list tbody tr").count() == 3

    # Filtering replaces only the results (HTMX) and puts the filter in the URL.
    page.fill("input[name=q]", "mila")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=mila**")
    expect(page.locator("table.user-list tbody tr")).to_have_count(1)
    page.click("text=Mila Vries")
    # app.js (deferred) attaches the confirmation; wait for it before clicking.
    page.wait_for_load_state("networkidle")

    # Dismissing the confirmation keeps the account active.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button:has-text('Account deactiveren')")
    assert User.objects.get(username="mila").is_active

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Account deactiveren')")
    page.wait_for_selector(".message-success")
    assert not User.objects.get(username="mila").is_active
    assert page.locator("h1 .badge").inner_text() == "gedeactiveerd"
    assert csp == []


def test_the_create_form_shows_errors_next_to_fields_by_keyboard(page, coa):  # noqa: F811
    csp = _csp_errors(page)
    log_in(page, "beheer")
    page.goto("/account/beheer/gebruikers/nieuw/")
    page.focus("input[name=username]")
    page.keyboard.type("MILA")
    page.keyboard.press("Tab")  # first name
    page.keyboard.press("Tab")  # last name
    page.keyboard.type("Nieuw")
    page.select_option("select[name=role]", Role.MENTOR)
    page.fill("input[name=password1]", "Zeer-lang wachtwoord 2026")
    page.fill("input[name=password2]", "Zeer-lang wachtwoord 2026")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    # The summary takes focus so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "al in gebruik" in page.locator("#id_username_error").inner_text()
    assert "opvanglocatie" in page.locator("#id_unit_error").inner_text()
    assert page.input_value("input[name=last_name]") == "Nieuw"
    assert csp == []
