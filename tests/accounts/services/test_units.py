"""Unit administration: names, kinds, parents and deactivation."""

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.access.enforce import NotVisible
from ketenzicht.accounts import services
from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.audit.models import AuditEvent


def unit_data(name="AMV Almere", kind=UnitKind.LOCATION, parent=None):
    return services.UnitData(name=name, kind=kind, parent=parent)


def errors_of(exc_info) -> dict:
    return {k: [str(m) for m in v] for k, v in exc_info.value.message_dict.items()}


def test_create_unit_in_own_organisation(orgs):
    unit = services.create_unit(actor=orgs.admin, data=unit_data(parent=orgs.team))
    assert (unit.organisation, unit.kind, unit.parent, unit.is_active) == (
        orgs.coa,
        UnitKind.LOCATION,
        orgs.team,
        True,
    )
    assert AuditEvent.objects.filter(
        action="create", object_kind="accounts.unit", object_id=str(unit.pk)
    ).exists()


def test_unit_names_are_unique_per_organisation_regardless_of_capitals(orgs):
    with pytest.raises(ValidationError) as exc_info:
        services.create_unit(actor=orgs.admin, data=unit_data(name="bo ter apel"))
    assert errors_of(exc_info)["name"] == [str(services.UNIT_NAME_TAKEN)]
    # Another organisation may use the same name.
    services.create_unit(actor=orgs.police_admin, data=unit_data(name="BO Ter Apel", kind="team"))


def test_parent_must_be_own_organisation_and_not_a_cycle(orgs):
    with pytest.raises(ValidationError) as exc_info:
        services.create_unit(actor=orgs.admin, data=unit_data(parent=orgs.region))
    assert errors_of(exc_info)["parent"] == [str(services.UNIT_PARENT_INVALID)]
    child = services.create_unit(actor=orgs.admin, data=unit_data(parent=orgs.team))
    with pytest.raises(ValidationError) as exc_info:
        services.update_unit(
            actor=orgs.admin, unit=orgs.team, data=unit_data(name="Staf", kind="team", parent=child)
        )
    assert errors_of(exc_info)["parent"] == [str(services.UNIT_PARENT_CYCLE)]


def test_a_unit_with_active_users_cannot_be_deactivated(orgs):
    with pytest.raises(ValidationError) as exc_info:
        services.update_unit(
            actor=orgs.admin,
            unit=orgs.location,
            data=unit_data(name="BO Ter Apel"),
            is_active=False,
        )
    assert errors_of(exc_info)["is_active"] == [str(services.UNIT_HAS_ACTIVE_USERS % {"count": 1})]
    services.deactivate_user(actor=orgs.admin, user=orgs.mentor)
    unit = services.update_unit(
        actor=orgs.admin, unit=orgs.location, data=unit_data(name="BO Ter Apel"), is_active=False
    )
    assert unit.is_active is False
    assert Unit.objects.filter(pk=unit.pk).exists()
    event = AuditEvent.objects.filter(object_kind="accounts.unit").latest("id")
    assert event.changes == {"before": {"is_active": True}, "after": {"is_active": False}}


def test_kind_stays_while_roles_need_it(orgs):
    with pytest.raises(ValidationError) as exc_info:
        services.update_unit(
            actor=orgs.admin, unit=orgs.location, data=unit_data(name="BO Ter Apel", kind="team")
        )
    assert errors_of(exc_info)["kind"] == [
        str(
            services.UNIT_KIND_IN_USE % {"role": Role.MENTOR.label, "kind": UnitKind.LOCATION.label}
        )
    ]


def test_new_users_cannot_join_an_inactive_unit(orgs):
    services.update_unit(
        actor=orgs.admin,
        unit=orgs.other_location,
        data=unit_data(name="AMV Zoetermeer"),
        is_active=False,
    )
    orgs.other_location.refresh_from_db()
    with pytest.raises(ValidationError) as exc_info:
        services.create_user(
            actor=orgs.admin,
            username="nieuw",
            data=services.UserData(
                first_name="",
                last_name="Nieuw",
                email="",
                role=Role.MENTOR,
                unit=orgs.other_location,
            ),
            password1="Zeer-lang wachtwoord 2026",
            password2="Zeer-lang wachtwoord 2026",
        )
    assert errors_of(exc_info)["unit"] == [str(services.UNIT_INACTIVE)]


def test_units_of_other_organisations_are_not_found(orgs):
    with pytest.raises(NotVisible):
        services.update_unit(
            actor=orgs.admin, unit=orgs.region, data=unit_data(name="x", kind="region")
        )
