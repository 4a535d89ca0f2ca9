"""The interface as a professional uses it: log in per role, land on the role's
work page, be refused what the policy denies, switch language, log out, and use
it by keyboard and on a phone or at 200% zoom."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind, Role, UnitKind
from ketenzicht.core.landing import landing_url_name
from tests.factories import UserFactory, organisation

from .conftest import log_in

pytestmark = pytest.mark.browser

NOT_FOUND_NL = "Pagina niet gevonden"
NO_ACCESS_NL = "Geen toegang"


def _unit(kind: str, name: str, org_kind: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        organisation=organisation(org_kind), name=name, defaults={"kind": kind}
    )
    return unit


def _location(name: str, region: Unit):
    from ketenzicht.reception.models import Location

    unit = _unit(UnitKind.LOCATION, name, OrganisationKind.COA)
    location, _ = Location.objects.get_or_create(
        unit=unit,
        defaults={
            "name": name,
            "location_type": "bo",
            "capacity": 20,
            "police_region": region,
        },
    )
    return location


def user_for(role: str, username: str | None = None):
    """A user of `role` attached to the kind of unit the role's scope needs."""
    region = _unit(UnitKind.REGION, "Noord-Nederland", OrganisationKind.POLITIE)
    unit = None
    if role in (Role.MENTOR, Role.LOCATION_MANAGER):
        unit = _location("BO Ter Apel", region).unit
    elif role in (Role.AVIM_RECHERCHEUR, Role.IR_OFFICER):
        unit = region
    return UserFactory(username=username or f"test_{role}", role=role, unit=unit)


def h1(page) -> str:
    return page.locator("main h1").first.inner_text().strip()


def has_no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_and_lands_on_its_work_page(page, role):
    user_for(role, "werker")
    log_in(page, "werker")
    landed = page.url
    assert "/account/inloggen/" not in landed, f"{role} could not log in"
    # The landing page may itself redirect (a mentor's board is their location's
    # board), so compare with where the role's landing URL leads.
    response = page.goto(reverse(landing_url_name(role)))
    assert response.status == 200
    assert page.url == landed, f"{role} landed on {landed}, not on its work page"
    assert h1(page), "the landing page has a heading"
    # The header says who is logged in, in the user's words.
    assert "Werker" not in h1(page)
    assert page.locator(".whoami").inner_text().strip()


def test_wrong_password_keeps_the_user_on_the_login_page(page):
    user_for(Role.VOOGD, "voogd")
    log_in(page, "voogd", "not the password")
    assert "/account/inloggen/" in page.url
    assert page.locator(".error-summary").is_visible()


def test_mentor_is_refused_user_administration_with_the_friendly_page(page):
    user_for(Role.MENTOR, "mentor")
    log_in(page, "mentor")
    response = page.goto(reverse("accounts:user_list"))
    assert response.status in (403, 404)
    assert h1(page) in (NOT_FOUND_NL, NO_ACCESS_NL)
    assert page.locator("a", has_text="Terug naar uw werkpagina").is_visible()


def test_mentor_cannot_open_a_person_at_another_location(page):
    from ketenzicht.people.models import Person
    from ketenzicht.reception.models import Placement

    user_for(Role.MENTOR, "mentor")
    other_region = _unit(UnitKind.REGION, "Rotterdam", OrganisationKind.POLITIE)
    elsewhere = _location("AMV Zoetermeer", other_region)
    person = Person.objects.create()
    Placement.objects.create(
        person=person,
        location=elsewhere,
        planned_arrival=timezone.now() - timedelta(days=2),
        arrived_at=timezone.now() - timedelta(days=2),
    )
    log_in(page, "mentor")
    response = page.goto(reverse("people:detail", args=[person.pk]))
    # Forbidden looks exactly like missing (ADR 0002).
    assert response.status == 404
    assert h1(page) == NOT_FOUND_NL
    missing = page.goto(reverse("people:detail", args=[person.pk + 1000]))
    assert missing.status == 404
    assert h1(page) == NOT_FOUND_NL


def test_language_switch_to_english_and_back(page):
    user_for(Role.BELEIDSANALIST, "analist")
    log_in(page, "analist")
    page.goto(reverse("core:workspace"))
    assert page.locator("html").get_attribute("lang") == "nl"
    nav = page.locator("nav.main-nav")
    assert nav.get_by_role("link", name="Werkruimte").is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert nav.get_by_role("link", name="Workspace").is_visible()
    assert h1(page) == "Workspace"
    assert page.url.endswith(reverse("core:workspace")), "the switch returns to the same page"

    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert h1(page) == "Werkruimte"


def test_login_page_language_switch_before_login(page):
    page.goto("/account/inloggen/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log in").is_visible()


def test_logout_returns_to_the_login_page_and_ends_the_session(page):
    user_for(Role.BELEIDSANALIST, "analist")
    log_in(page, "analist")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    assert "/account/inloggen/" in page.url
    page.goto(reverse("core:workspace"))
    assert "/account/inloggen/" in page.url, "after logout the workspace asks for a login again"


FIRST_FOCUSABLE = """() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]'
)].find(el => el.tabIndex >= 0 && !el.disabled).className"""


def test_skip_link_is_the_first_focusable_element_on_the_login_page(page):
    page.goto("/account/inloggen/")
    assert page.evaluate(FIRST_FOCUSABLE) == "skip-link"


def test_skip_link_first_by_keyboard_and_it_moves_to_the_content(page):
    user_for(Role.BELEIDSANALIST, "analist")
    log_in(page, "analist")
    page.goto(reverse("core:workspace"))
    assert page.evaluate(FIRST_FOCUSABLE) == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "width, height",
    [(390, 844), (640, 450)],
    ids=["phone-390px", "zoom-200pct"],
)
def test_no_horizontal_scroll_on_phone_or_at_200_percent(new_page, width, height):
    # 200% zoom of a 1280x900 window lays out like a 640x450 viewport.
    page = new_page(width=width, height=height)
    page.goto("/account/inloggen/")
    assert has_no_horizontal_scroll(page), "login page"
    user_for(Role.LOCATION_MANAGER, "manager")
    log_in(page, "manager")
    page.goto(reverse("core:workspace"))
    assert h1(page) == "Werkruimte"
    assert has_no_horizontal_scroll(page), "workspace page"
