"""User administration services: validation, audit, deactivation and recovery actions."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.access.enforce import NotVisible
from ketenzicht.accounts import services
from ketenzicht.accounts.models import User
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.audit import services as audit
from ketenzicht.audit.models import AuditEvent
from ketenzicht.audit.verify import verify_chain
from tests.accounts.conftest import PASSWORD

GOOD_PASSWORD = "Zeer-lang wachtwoord 2026"


def data(**overrides) -> services.UserData:
    values = {
        "first_name": "Mila",
        "last_name": "de Vries",
        "email": "mila.devries@coa.nl",
        "role": Role.MENTOR,
        "unit": None,
        "supervisor": None,
    }
    values.update(overrides)
    return services.UserData(**values)


def create(orgs, username="mdevries", password=GOOD_PASSWORD, password2=None, **overrides):
    overrides.setdefault("unit", orgs.location)
    return services.create_user(
        actor=orgs.admin,
        username=username,
        data=data(**overrides),
        password1=password,
        password2=password if password2 is None else password2,
    )


def errors_of(exc_info) -> dict:
    return {k: [str(m) for m in v] for k, v in exc_info.value.message_dict.items()}


def test_create_user_in_own_organisation_with_audit_and_no_password_in_trail(orgs):
    user = create(orgs)
    assert user.organisation == orgs.coa
    assert user.unit == orgs.location
    assert user.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get(object_kind="accounts.user", object_id=str(user.pk))
    assert event.action == "create"
    assert event.actor_id == orgs.admin.pk
    assert event.changes["after"]["role"] == Role.MENTOR
    assert event.changes["after"]["unit_id"] == orgs.location.pk
    assert "password" not in event.changes["after"]
    assert user.password not in str(event.changes)
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"role": ""}, "role", services.ROLE_REQUIRED),
        ({"role": Role.AVIM_RECHERCHEUR}, "role", services.ROLE_NOT_IN_ORGANISATION),
        ({"role": Role.VOOGD}, "role", services.ROLE_NOT_IN_ORGANISATION),
        ({"role": "superuser"}, "role", services.ROLE_NOT_IN_ORGANISATION),
        ({"email": "mila@"}, "email", services.EMAIL_INVALID),
    ],
)
def test_create_user_field_errors(orgs, overrides, field, message):
    before = (User.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, **overrides)
    assert str(message) in errors_of(exc_info)[field]
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_unit_is_required_for_unit_roles(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, unit=None)
    assert errors_of(exc_info)["unit"] == [
        str(services.UNIT_REQUIRED_FOR_ROLE % {"kind": UnitKind.LOCATION.label})
    ]


def test_unit_must_be_of_the_kind_the_role_needs(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, unit=orgs.team)
    assert errors_of(exc_info)["unit"] == [
        str(services.UNIT_WRONG_KIND % {"kind": UnitKind.LOCATION.label})
    ]


def test_unit_must_belong_to_the_own_organisation(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, unit=orgs.region)
    assert errors_of(exc_info)["unit"] == [str(services.UNIT_OTHER_ORGANISATION)]


def test_roles_without_unit_kind_may_have_a_team_or_none(orgs):
    assert create(orgs, username="pm", role=Role.PRIVACY_OFFICER, unit=None).unit is None
    assert create(orgs, username="b2", role=Role.BEHEERDER, unit=orgs.team).unit == orgs.team


def test_police_roles_need_a_region(orgs):
    def police(**overrides):
        return services.create_user(
            actor=orgs.police_admin,
            username=overrides.pop("username", "jansen"),
            data=data(role=Role.AVIM_RECHERCHEUR, email="", **overrides),
            password1=GOOD_PASSWORD,
            password2=GOOD_PASSWORD,
        )

    with pytest.raises(ValidationError) as exc_info:
        police(unit=None)
    assert errors_of(exc_info)["unit"] == [
        str(services.UNIT_REQUIRED_FOR_ROLE % {"kind": UnitKind.REGION.label})
    ]
    assert police(unit=orgs.region).unit == orgs.region


def test_username_is_unique_regardless_of_capitals(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, username="MENTOR")
    assert errors_of(exc_info)["username"] == [str(services.USERNAME_TAKEN)]


def test_username_characters(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, username="mila de vries")
    assert errors_of(exc_info)["username"] == [str(services.USERNAME_INVALID)]


@translation.override("en")
def test_passwords_must_match_and_pass_the_validators(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, password=GOOD_PASSWORD, password2=GOOD_PASSWORD + "x")
    assert errors_of(exc_info)["password2"] == [str(services.PASSWORDS_DIFFER)]
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, password="123456789012")
    messages = " ".join(errors_of(exc_info)["password1"])
    assert "too common" in messages or "entirely numeric" in messages
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, password="kort")
    assert "at least 12 characters" in " ".join(errors_of(exc_info)["password1"])
    assert not User.objects.filter(username="mdevries").exists()


@translation.override("nl")
def test_password_messages_are_dutch_by_default(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, password="kort")
    assert errors_of(exc_info)["password1"] == [
        "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten."
    ]


def test_all_errors_are_reported_at_once(orgs):
    with pytest.raises(ValidationError) as exc_info:
        create(orgs, username="Mentor", role=Role.AVIM_RECHERCHEUR, email="x", password2="other")
    assert set(errors_of(exc_info)) == {"username", "role", "email", "password2"}


def test_only_an_administrator_creates_users(orgs):
    with pytest.raises(PermissionDenied):
        services.create_user(
            actor=orgs.mentor,
            username="x",
            data=data(unit=orgs.location),
            password1=GOOD_PASSWORD,
            password2=GOOD_PASSWORD,
        )


def test_update_user_records_only_what_changed(orgs):
    services.update_user(
        actor=orgs.admin,
        user=orgs.mentor,
        data=data(first_name="Mentor", last_name=orgs.mentor.last_name, unit=orgs.other_location),
    )
    orgs.mentor.refresh_from_db()
    assert orgs.mentor.unit == orgs.other_location
    event = AuditEvent.objects.filter(action="update").latest("id")
    assert event.changes["before"]["unit_id"] == orgs.location.pk
    assert event.changes["after"]["unit_id"] == orgs.other_location.pk
    assert "password" not in event.changes["after"]


def test_an_administrator_cannot_change_their_own_role(orgs):
    with pytest.raises(ValidationError) as exc_info:
        services.update_user(
            actor=orgs.admin, user=orgs.admin, data=data(role=Role.MENTOR, unit=orgs.location)
        )
    assert str(services.CANNOT_CHANGE_OWN_ROLE) in errors_of(exc_info)["role"]


def test_supervisor_must_be_an_active_colleague(orgs):
    with pytest.raises(ValidationError) as exc_info:
        services.update_user(
            actor=orgs.admin,
            user=orgs.mentor,
            data=data(unit=orgs.location, supervisor=orgs.avim),
        )
    assert errors_of(exc_info)["supervisor"] == [str(services.SUPERVISOR_OTHER_ORGANISATION)]
    with pytest.raises(ValidationError) as exc_info:
        services.update_user(
            actor=orgs.admin,
            user=orgs.mentor,
            data=data(unit=orgs.location, supervisor=orgs.mentor),
        )
    assert errors_of(exc_info)["supervisor"] == [str(services.SUPERVISOR_SELF)]


def test_an_administrator_cannot_touch_another_organisations_users(orgs):
    for call in (
        lambda: services.update_user(
            actor=orgs.admin, user=orgs.avim, data=data(role=Role.AVIM_RECHERCHEUR)
        ),
        lambda: services.deactivate_user(actor=orgs.admin, user=orgs.avim),
        lambda: services.reset_two_factor(actor=orgs.admin, user=orgs.avim),
        lambda: services.unlock_user(actor=orgs.admin, user=orgs.avim),
    ):
        with pytest.raises(NotVisible):
            call()
    orgs.avim.refresh_from_db()
    assert orgs.avim.is_active


def test_deactivation_keeps_history_and_blocks_login(orgs):
    client = Client()
    client.force_login(orgs.mentor)
    own_event = audit.record(actor=orgs.mentor, action="read", object_kind="people.person")

    services.deactivate_user(actor=orgs.admin, user=orgs.mentor)

    orgs.mentor.refresh_from_db()
    assert orgs.mentor.is_active is False
    assert User.objects.filter(pk=orgs.mentor.pk).exists()  # nothing deleted
    assert AuditEvent.objects.filter(pk=own_event.pk, actor_id=orgs.mentor.pk).exists()
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.changes) == (
        "update",
        {"before": {"is_active": True}, "after": {"is_active": False}},
    )
    # The running session ends and a new login is refused.
    assert client.get("/werkruimte/").status_code == 302
    response = Client().post("/account/inloggen/", {"username": "mentor", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session
    assert AuditEvent.objects.latest("id").action == "login_failed"

    services.reactivate_user(actor=orgs.admin, user=orgs.mentor)
    response = Client().post("/account/inloggen/", {"username": "mentor", "password": PASSWORD})
    assert response.status_code == 302


def test_an_administrator_cannot_deactivate_themselves(orgs):
    with pytest.raises(ValidationError) as exc_info:
        services.deactivate_user(actor=orgs.admin, user=orgs.admin)
    assert exc_info.value.messages == [str(services.CANNOT_DEACTIVATE_SELF)]
    orgs.admin.refresh_from_db()
    assert orgs.admin.is_active


def test_deactivating_twice_is_refused_without_a_second_event(orgs):
    services.deactivate_user(actor=orgs.admin, user=orgs.mentor)
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc_info:
        services.deactivate_user(actor=orgs.admin, user=orgs.mentor)
    assert exc_info.value.messages == [str(services.ALREADY_INACTIVE)]
    assert AuditEvent.objects.count() == count


def test_reset_two_factor_removes_the_devices(orgs):
    TOTPDevice.objects.create(user=orgs.mentor, name="phone", confirmed=True)
    assert services.reset_two_factor(actor=orgs.admin, user=orgs.mentor) == 1
    assert not TOTPDevice.objects.filter(user=orgs.mentor).exists()
    event = AuditEvent.objects.latest("id")
    assert event.changes == {
        "before": {"two_factor_devices": 1},
        "after": {"two_factor_devices": 0},
    }


def test_unlock_clears_the_lockout_for_that_username_only(orgs):
    now = timezone.now()
    for username in ("mentor", "avim"):
        AccessAttempt.objects.create(
            username=username,
            ip_address="127.0.0.1",
            user_agent="test",
            failures_since_start=5,
            attempt_time=now,
        )
    assert services.unlock_user(actor=orgs.admin, user=orgs.mentor) == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["avim"]
