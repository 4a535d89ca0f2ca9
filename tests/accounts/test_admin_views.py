"""User and unit administration pages: scope, filters, sorting, paging, forms and actions."""

import pytest
from django.urls import reverse

from ketenzicht.accounts import services
from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.audit.models import AuditEvent
from tests.factories import UserFactory

GOOD_PASSWORD = "Zeer-lang wachtwoord 2026"


@pytest.fixture
def admin_client(client, orgs):
    client.force_login(orgs.admin)
    return client


def usernames(response) -> list[str]:
    return [u.username for u in response.context["page"].object_list]


def test_user_list_shows_only_the_own_organisation(admin_client, orgs):
    response = admin_client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert set(usernames(response)) == {"beheer_coa", "mentor"}
    assert b"beheer_pol" not in response.content


@pytest.mark.parametrize("role", [Role.MENTOR, Role.PRIVACY_OFFICER, Role.LOCATION_MANAGER])
def test_other_roles_may_not_administer_users(client, orgs, role):
    user = UserFactory(role=role, unit=orgs.location if role != Role.PRIVACY_OFFICER else None)
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403
    assert client.get(reverse("accounts:unit_list")).status_code == 403
    assert client.get(reverse("accounts:user_edit", args=[orgs.mentor.pk])).status_code == 404


def test_an_administrator_of_coa_cannot_see_or_change_police_users(admin_client, orgs):
    pk = orgs.avim.pk
    assert admin_client.get(reverse("accounts:user_edit", args=[pk])).status_code == 404
    for name in ("accounts:user_edit", "accounts:user_deactivate", "accounts:user_unlock"):
        response = admin_client.post(reverse(name, args=[pk]), {"last_name": "Hacked"})
        assert response.status_code == 404, name
    # Same answer as for an id that does not exist.
    assert admin_client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404
    assert admin_client.get(reverse("accounts:unit_edit", args=[orgs.region.pk])).status_code == 404
    orgs.avim.refresh_from_db()
    assert orgs.avim.is_active and orgs.avim.last_name != "Hacked"


def test_search_filters_and_sorting(admin_client, orgs):
    UserFactory(username="zoe", first_name="Zoë", last_name="Achterberg", unit=orgs.location)
    UserFactory(
        username="lm", role=Role.LOCATION_MANAGER, last_name="Zwart", unit=orgs.other_location
    )
    gone = UserFactory(username="oud", last_name="Oud", unit=orgs.location, is_active=False)
    url = reverse("accounts:user_list")

    assert usernames(admin_client.get(url, {"q": "achter"})) == ["zoe"]
    assert set(usernames(admin_client.get(url, {"role": Role.MENTOR}))) == {"zoe", "mentor", "oud"}
    assert usernames(admin_client.get(url, {"unit": orgs.other_location.pk})) == ["lm"]
    assert usernames(admin_client.get(url, {"active": "0"})) == [gone.username]
    by_name = usernames(admin_client.get(url, {"sort": "name"}))
    assert by_name[0] == "zoe" and by_name[-1] == "lm"
    assert usernames(admin_client.get(url, {"sort": "-name"}))[0] == "lm"
    assert usernames(admin_client.get(url, {"sort": "username"}))[0] == "beheer_coa"
    # An unknown sort key falls back to the default instead of failing.
    assert admin_client.get(url, {"sort": "password"}).status_code == 200


def test_empty_states(admin_client):
    response = admin_client.get(reverse("accounts:user_list"), {"q": "niemand-heet-zo"})
    assert "No users match these filters." in response.content.decode() or (
        "Geen gebruikers" in response.content.decode()
    )
    assert response.context["page"].paginator.count == 0


def test_htmx_returns_only_the_results(admin_client):
    response = admin_client.get(reverse("accounts:user_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="results"')


def test_pagination_50_per_page(admin_client, orgs):
    UserFactory.create_batch(55, unit=orgs.location)
    url = reverse("accounts:user_list")
    first = admin_client.get(url)
    assert len(first.context["page"].object_list) == 50
    second = admin_client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 57 - 50
    assert not set(usernames(first)) & set(usernames(second))


def test_user_list_query_count(admin_client, orgs, django_assert_num_queries):
    """Nine queries, whatever the number of users or units:
    1 session, 2 acting user (auth middleware), 3 the acting user's organisation
    (role choices; cached for the header), 4 COUNT for the paginator, 5 the unit
    choices of the filter, 6 the page of users joined with unit and organisation,
    7-9 the session saved again (idle timeout renewal: savepoint, UPDATE, release)."""
    UserFactory.create_batch(30, unit=orgs.location)
    UserFactory.create_batch(10, role=Role.LOCATION_MANAGER, unit=orgs.other_location)
    with django_assert_num_queries(9):
        response = admin_client.get(reverse("accounts:user_list"))
    assert len(response.context["page"].object_list) == 42


def test_create_user_through_the_form(admin_client, orgs):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "jbakker",
            "first_name": "Jan",
            "last_name": "Bakker",
            "email": "j.bakker@coa.nl",
            "role": Role.LOCATION_MANAGER,
            "unit": orgs.location.pk,
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    user = User.objects.get(username="jbakker")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_edit", args=[user.pk])
    assert (user.organisation, user.role, user.unit) == (
        orgs.coa,
        Role.LOCATION_MANAGER,
        orgs.location,
    )


def test_invalid_create_shows_field_errors_and_keeps_input(admin_client, orgs):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "MENTOR",
            "first_name": "Jan",
            "last_name": "Bakker",
            "email": "geen-adres",
            "role": Role.MENTOR,
            "unit": orgs.team.pk,
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["username"] == [str(services.USERNAME_TAKEN)]
    assert form.errors["email"] == [str(services.EMAIL_INVALID)]
    assert form.errors["unit"] == [
        str(services.UNIT_WRONG_KIND % {"kind": UnitKind.LOCATION.label})
    ]
    assert 'value="Bakker"' in response.content.decode()
    assert not User.objects.filter(last_name="Bakker").exists()


def test_police_roles_are_not_offered_to_coa(admin_client):
    response = admin_client.get(reverse("accounts:user_create"))
    choices = dict(response.context["form"].fields["role"].choices)
    assert Role.MENTOR in choices and Role.BEHEERDER in choices
    assert Role.AVIM_RECHERCHEUR not in choices and Role.VOOGD not in choices


def test_edit_deactivate_and_reactivate(admin_client, orgs):
    url = reverse("accounts:user_edit", args=[orgs.mentor.pk])
    page = admin_client.get(url).content.decode()
    assert "data-confirm" in page
    assert reverse("accounts:user_deactivate", args=[orgs.mentor.pk]) in page

    response = admin_client.post(
        url,
        {
            "first_name": "Mo",
            "last_name": "Mentor",
            "email": "",
            "role": Role.MENTOR,
            "unit": orgs.other_location.pk,
            "supervisor": orgs.admin.pk,
        },
    )
    assert response.status_code == 302
    orgs.mentor.refresh_from_db()
    assert (orgs.mentor.unit, orgs.mentor.supervisor) == (orgs.other_location, orgs.admin)

    assert (
        admin_client.get(reverse("accounts:user_deactivate", args=[orgs.mentor.pk])).status_code
        == 405
    )
    admin_client.post(reverse("accounts:user_deactivate", args=[orgs.mentor.pk]))
    orgs.mentor.refresh_from_db()
    assert not orgs.mentor.is_active
    assert reverse("accounts:user_reactivate", args=[orgs.mentor.pk]) not in page
    admin_client.post(reverse("accounts:user_reactivate", args=[orgs.mentor.pk]))
    orgs.mentor.refresh_from_db()
    assert orgs.mentor.is_active


def test_deactivating_oneself_is_refused_with_a_message(admin_client, orgs):
    response = admin_client.post(
        reverse("accounts:user_deactivate", args=[orgs.admin.pk]), follow=True
    )
    assert response.status_code == 200
    assert str(services.CANNOT_DEACTIVATE_SELF) in [str(m) for m in response.context["messages"]]
    orgs.admin.refresh_from_db()
    assert orgs.admin.is_active


def test_units_list_create_edit(admin_client, orgs):
    response = admin_client.get(reverse("accounts:unit_list"))
    names = [u.name for u in response.context["page"].object_list]
    assert names == ["AMV Zoetermeer", "BO Ter Apel", "Staf"]
    assert response.context["page"].object_list[1].active_users == 1

    response = admin_client.post(
        reverse("accounts:unit_create"), {"name": "Staf", "kind": UnitKind.TEAM}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [str(services.UNIT_NAME_TAKEN)]

    response = admin_client.post(
        reverse("accounts:unit_create"),
        {"name": "AMV Almere", "kind": UnitKind.LOCATION, "parent": orgs.team.pk},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="AMV Almere")
    assert (unit.organisation, unit.parent) == (orgs.coa, orgs.team)

    response = admin_client.post(
        reverse("accounts:unit_edit", args=[unit.pk]),
        {"name": "AMV Almere-Haven", "kind": UnitKind.LOCATION, "is_active": ""},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.parent, unit.is_active) == ("AMV Almere-Haven", None, False)
    assert AuditEvent.objects.filter(object_kind="accounts.unit", action="update").exists()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "9999"},
        {"unit": "abc"},
        {"unit": "999999"},
        {"role": "superuser"},
        {"active": "maybe"},
        {"q": "x" * 500},
    ],
)
def test_garbage_list_parameters_do_not_fail(admin_client, params):
    assert admin_client.get(reverse("accounts:user_list"), params).status_code == 200


def test_another_organisations_unit_is_not_accepted_by_the_form(admin_client, orgs):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[orgs.mentor.pk]),
        {"last_name": "Mentor", "role": Role.MENTOR, "unit": orgs.region.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["unit"]
    orgs.mentor.refresh_from_db()
    assert orgs.mentor.unit == orgs.location


def test_unit_list_query_count(admin_client, orgs, django_assert_num_queries):
    """Eight queries, whatever the number of units or users: 1 session, 2 acting
    user, 3 COUNT for the paginator, 4 the page of units with parent joined and the
    active users counted in the same query, 5 the acting user's organisation for
    the header, 6-8 the session saved again."""
    for n in range(20):
        unit = Unit.objects.create(
            organisation=orgs.coa, kind=UnitKind.TEAM, name=f"Team {n:02d}", parent=orgs.team
        )
        UserFactory.create_batch(2, role=Role.BEHEERDER, unit=unit)
    with django_assert_num_queries(8):
        response = admin_client.get(reverse("accounts:unit_list"))
    assert len(response.context["page"].object_list) == 23
