"""Screenshots of the login page and a landing page, for the README.

Always taken (a rendering failure fails the test); written to docs/screenshots/
only with UPDATE_SCREENSHOTS=1, so ordinary runs leave the committed files alone.
"""

import os
from datetime import date
from pathlib import Path

import pytest

from ketenzicht.accounts.roles import Role
from ketenzicht.people import services as people
from tests.factories import UserFactory

from .conftest import log_in

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _target(name: str, tmp_path: Path) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        return DOCS / name
    return tmp_path / name


def test_screenshots_for_the_readme(new_page, tmp_path):
    ind = UserFactory(
        username="ind", role=Role.IND_MEDEWERKER, first_name="Sanne", last_name="de Vries"
    )
    for given, family, born, nationality in [
        ("Van Anh", "Nguyen", date(2009, 5, 14), "VNM"),
        ("Thi Hoa", "Nguyen", date(2008, 1, 1), "VNM"),
        ("Van Minh", "Nguyen", date(2010, 9, 2), "VNM"),
    ]:
        people.register_person(
            actor=ind,
            identity=people.IdentityData(
                given_names=given,
                family_name=family,
                date_of_birth=born,
                dob_is_placeholder=born.month == 1 and born.day == 1,
                nationality=nationality,
            ),
        )

    page = new_page(width=1280, height=800)
    page.goto("/account/inloggen/")
    path = _target("login.png", tmp_path)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000

    log_in(page, "ind")
    page.goto("/personen/?q=Nguyen")
    assert page.locator("main h1").is_visible()
    path = _target("person-search.png", tmp_path)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000

    phone = new_page(width=390, height=844)
    phone.goto("/account/inloggen/")
    path = _target("login-phone.png", tmp_path)
    phone.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
