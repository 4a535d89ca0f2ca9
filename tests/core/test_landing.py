"""Every role lands on a work page it may use: no 403 or 404 right after login."""

import pytest
from django.urls import reverse

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import ROLE_UNIT_KIND, OrganisationKind, Role
from ketenzicht.core.landing import DEFAULT_LANDING, LANDING_URL_NAMES, landing_url_name
from ketenzicht.reception.models import Location
from tests.factories import ROLE_HOME_ORG, UserFactory, organisation

pytestmark = pytest.mark.django_db


def _user(role: str):
    unit = None
    kind = ROLE_UNIT_KIND.get(role)
    if kind:
        region = Unit.objects.get_or_create(
            organisation=organisation(OrganisationKind.POLITIE),
            name="Noord-Nederland",
            defaults={"kind": "region"},
        )[0]
        if kind == "region":
            unit = region
        else:
            unit = Unit.objects.get_or_create(
                organisation=organisation(OrganisationKind.COA),
                name="BO Ter Apel",
                defaults={"kind": "location"},
            )[0]
            Location.objects.get_or_create(
                unit=unit,
                defaults={
                    "name": "BO Ter Apel",
                    "location_type": "bo",
                    "capacity": 10,
                    "police_region": region,
                },
            )
    return UserFactory(role=role, unit=unit, organisation=organisation(ROLE_HOME_ORG[Role(role)]))


def test_every_role_has_its_own_landing_page():
    assert set(LANDING_URL_NAMES) == set(Role.values)
    assert all(landing_url_name(r) != DEFAULT_LANDING for r in Role.values)


@pytest.mark.parametrize("role", Role.values)
def test_landing_page_opens_for_its_role(client, role):
    client.force_login(_user(role))
    response = client.get("/", follow=True)
    assert response.status_code == 200, (role, response.redirect_chain)
    assert response.redirect_chain[0][0] == reverse(landing_url_name(role))
