"""User and unit administration by the functional administrator (beheerder).

Every function takes the acting user first, checks the access policy
(`accounts.user` / `accounts.unit`, scope: own organisation), validates with
field-level errors, and writes its audit event in the same transaction. Nothing
is ever deleted: a user or unit is deactivated, so the audit trail and every
record that names them keep their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.access.enforce import require
from ketenzicht.access.policy import Action
from ketenzicht.audit import services as audit

from .models import Unit, User
from .roles import ROLE_ORGANISATIONS, ROLE_UNIT_KIND, Role, UnitKind

USER_KIND = "accounts.user"
UNIT_KIND = "accounts.unit"

# Fields of a user that go into the audit trail. Never the password hash.
USER_AUDIT_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "organisation",
    "unit",
    "supervisor",
    "is_active",
]
UNIT_AUDIT_FIELDS = ["organisation", "kind", "name", "parent", "is_active"]

# Error messages, exported so tests assert them exactly.
ROLE_REQUIRED = _("Choose a role.")
ROLE_NOT_IN_ORGANISATION = _("This role does not exist in your organisation.")
UNIT_REQUIRED_FOR_ROLE = _("This role works for one unit: choose a unit of the kind “%(kind)s”.")
UNIT_WRONG_KIND = _("This role needs a unit of the kind “%(kind)s”.")
UNIT_OTHER_ORGANISATION = _("Choose a unit of your own organisation.")
UNIT_INACTIVE = _("This unit is no longer active.")
USERNAME_REQUIRED = _("Enter a username.")
USERNAME_TAKEN = _("This username is already taken (capitals do not count).")
USERNAME_INVALID = _("Use only letters, digits and @ . + - _ (at most 150 characters).")
EMAIL_INVALID = _("Enter a valid e-mail address, such as naam@coa.nl.")
PASSWORDS_DIFFER = _("The two passwords are not the same.")
SUPERVISOR_OTHER_ORGANISATION = _("Choose an active supervisor from your own organisation.")
SUPERVISOR_SELF = _("A user cannot be their own supervisor.")
CANNOT_DEACTIVATE_SELF = _("You cannot deactivate your own account.")
CANNOT_CHANGE_OWN_ROLE = _("You cannot change your own role; ask another administrator.")
ALREADY_INACTIVE = _("This user is already deactivated.")
ALREADY_ACTIVE = _("This user is already active.")
UNIT_NAME_REQUIRED = _("Enter a name.")
UNIT_NAME_TAKEN = _("Your organisation already has a unit with this name.")
UNIT_KIND_INVALID = _("Choose a kind of unit.")
UNIT_PARENT_INVALID = _("Choose an active unit of your own organisation that is not this unit.")
UNIT_PARENT_CYCLE = _("A unit cannot be part of one of its own parts.")
UNIT_HAS_ACTIVE_USERS = _(
    "This unit still has %(count)d active users. Move or deactivate them first."
)
UNIT_KIND_IN_USE = _(
    "Users with the role “%(role)s” work for this unit; it must stay of the kind “%(kind)s”."
)
UNIT_KIND_LOCATION_IN_USE = _(
    "This unit is a reception location in use; it must stay of the kind “reception location”."
)

# Django 5.2's Dutch catalogue still carries the older msgid of this password
# validator message, so it would show in English. Marking the current msgid here
# puts its Dutch translation in the accounts catalogue (app catalogues win).
_DJANGO_PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)


@dataclass(frozen=True)
class UserData:
    """What the administrator enters for a user (the password only on creation)."""

    first_name: str
    last_name: str
    email: str
    role: str
    unit: Unit | None = None
    supervisor: User | None = None


@dataclass(frozen=True)
class UnitData:
    name: str
    kind: str
    parent: Unit | None = None


def _user_snapshot(user: User) -> dict[str, Any]:
    return audit.snapshot(user, USER_AUDIT_FIELDS)


def _unit_snapshot(unit: Unit) -> dict[str, Any]:
    return audit.snapshot(unit, UNIT_AUDIT_FIELDS)


def _unit_kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)


def _validate_user(*, actor: User, data: UserData, instance: User | None = None) -> dict[str, list]:
    """Field errors for `data` in the actor's organisation; empty when valid."""
    errors: dict[str, list] = {}
    organisation = actor.organisation
    if not data.role:
        errors.setdefault("role", []).append(ROLE_REQUIRED)
    elif data.role not in Role.values or organisation.kind not in ROLE_ORGANISATIONS.get(
        data.role, frozenset()
    ):
        errors.setdefault("role", []).append(ROLE_NOT_IN_ORGANISATION)
    if instance is not None and instance.pk == actor.pk and data.role != actor.role:
        errors.setdefault("role", []).append(CANNOT_CHANGE_OWN_ROLE)

    # The unit kind follows from the role; for a refused role it says nothing useful.
    required_kind = "" if "role" in errors else ROLE_UNIT_KIND.get(data.role)
    unit = data.unit
    if unit is not None and unit.organisation_id != organisation.pk:
        errors.setdefault("unit", []).append(UNIT_OTHER_ORGANISATION)
    elif unit is not None and not unit.is_active and (instance is None or instance.unit != unit):
        errors.setdefault("unit", []).append(UNIT_INACTIVE)
    elif required_kind and unit is None:
        errors.setdefault("unit", []).append(
            UNIT_REQUIRED_FOR_ROLE % {"kind": _unit_kind_label(required_kind)}
        )
    elif required_kind and unit is not None and unit.kind != required_kind:
        errors.setdefault("unit", []).append(
            UNIT_WRONG_KIND % {"kind": _unit_kind_label(required_kind)}
        )

    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors.setdefault("email", []).append(EMAIL_INVALID)

    supervisor = data.supervisor
    if supervisor is not None:
        if instance is not None and supervisor.pk == instance.pk:
            errors.setdefault("supervisor", []).append(SUPERVISOR_SELF)
        elif supervisor.organisation_id != organisation.pk or not supervisor.is_active:
            errors.setdefault("supervisor", []).append(SUPERVISOR_OTHER_ORGANISATION)
    return errors


def _username_errors(username: str) -> list:
    if not username:
        return [USERNAME_REQUIRED]
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError:
        return [USERNAME_INVALID]
    if len(username) > 150:
        return [USERNAME_INVALID]
    if User.objects.filter(username__iexact=username).exists():
        return [USERNAME_TAKEN]
    return []


def _apply(user: User, data: UserData) -> None:
    user.first_name = data.first_name.strip()
    user.last_name = data.last_name.strip()
    user.email = User.objects.normalize_email(data.email.strip())
    user.role = data.role
    user.unit = data.unit
    user.supervisor = data.supervisor


def create_user(
    *, actor: User, username: str, data: UserData, password1: str, password2: str
) -> User:
    """A new account in the administrator's organisation with an initial password."""
    require(actor, Action.CREATE, USER_KIND)
    username = (username or "").strip()
    errors = _validate_user(actor=actor, data=data)
    username_errors = _username_errors(username)
    if username_errors:
        errors["username"] = username_errors
    user = User(username=username, organisation=actor.organisation, is_active=True)
    _apply(user, data)
    if password1 != password2:
        errors.setdefault("password2", []).append(PASSWORDS_DIFFER)
    else:
        try:
            password_validation.validate_password(password1, user)
        except ValidationError as exc:
            errors.setdefault("password1", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password1)
    try:
        with transaction.atomic():
            user.save()
            audit.record(
                actor=actor,
                action=audit.AuditAction.CREATE,
                obj=user,
                changes={"before": {}, "after": _user_snapshot(user)},
            )
    except IntegrityError as exc:
        # Two administrators creating the same username at once: the
        # case-insensitive unique constraint decides.
        raise ValidationError({"username": [USERNAME_TAKEN]}) from exc
    return user


def update_user(*, actor: User, user: User, data: UserData) -> User:
    require(actor, Action.UPDATE, USER_KIND, obj=user)
    errors = _validate_user(actor=actor, data=data, instance=user)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        before = _user_snapshot(user)
        _apply(user, data)
        user.save()
        after = _user_snapshot(user)
        if before != after:
            audit.record(
                actor=actor,
                action=audit.AuditAction.UPDATE,
                obj=user,
                changes=audit.diff(before, after),
            )
    return user


def _set_active(*, actor: User, user: User, active: bool) -> User:
    require(actor, Action.UPDATE, USER_KIND, obj=user)
    if not active and user.pk == actor.pk:
        raise ValidationError(CANNOT_DEACTIVATE_SELF)
    with transaction.atomic():
        user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        if user.is_active == active:
            raise ValidationError(ALREADY_ACTIVE if active else ALREADY_INACTIVE)
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=user,
            changes={"before": {"is_active": not active}, "after": {"is_active": active}},
        )
    return user


def deactivate_user(*, actor: User, user: User) -> User:
    """Blocks login (and ends running sessions); history and records stay."""
    return _set_active(actor=actor, user=user, active=False)


def reactivate_user(*, actor: User, user: User) -> User:
    return _set_active(actor=actor, user=user, active=True)


def reset_two_factor(*, actor: User, user: User) -> int:
    """Removes the user's authenticator devices: the next login enrols a new one."""
    require(actor, Action.UPDATE, USER_KIND, obj=user)
    with transaction.atomic():
        count, _deleted = TOTPDevice.objects.filter(user=user).delete()
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=user,
            changes={"before": {"two_factor_devices": count}, "after": {"two_factor_devices": 0}},
        )
    return count


def pending_two_factor_device(*, actor: User) -> TOTPDevice:
    """The actor's authenticator waiting for its first code (created when missing).

    Newest first: two tabs opening the setup page at once must not fail.
    """
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=actor, confirmed=False, name="authenticator")


def confirm_two_factor(*, actor: User, device: TOTPDevice, token: str) -> bool:
    """Confirms the actor's pending device with a code from the app; False when wrong."""
    if device.user_id != actor.pk or device.confirmed:
        return False
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=actor,
            changes={"before": {"two_factor": False}, "after": {"two_factor": True}},
        )
    return True


def unlock_user(*, actor: User, user: User) -> int:
    """Clears the failed-login lockout (django-axes) for this username."""
    from axes.models import AccessAttempt

    require(actor, Action.UPDATE, USER_KIND, obj=user)
    with transaction.atomic():
        # The same deletion as axes.utils.reset(username=...), inside our transaction.
        count, _deleted = AccessAttempt.objects.filter(username=user.username).delete()
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=user,
            changes={"before": {"lockout_attempts": count}, "after": {"lockout_attempts": 0}},
        )
    return count


# --- units -------------------------------------------------------------------


def _validate_unit(*, actor: User, data: UnitData, instance: Unit | None = None) -> dict:
    errors: dict[str, list] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = [UNIT_NAME_REQUIRED]
    else:
        same_name = Unit.objects.filter(organisation_id=actor.organisation_id, name__iexact=name)
        if instance is not None:
            same_name = same_name.exclude(pk=instance.pk)
        if same_name.exists():
            errors["name"] = [UNIT_NAME_TAKEN]
    if data.kind not in UnitKind.values:
        errors["kind"] = [UNIT_KIND_INVALID]
    parent = data.parent
    if parent is not None:
        if (
            parent.organisation_id != actor.organisation_id
            or not parent.is_active
            or (instance is not None and parent.pk == instance.pk)
        ):
            errors["parent"] = [UNIT_PARENT_INVALID]
        elif instance is not None:
            ancestor = parent
            seen = set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == instance.pk:
                    errors["parent"] = [UNIT_PARENT_CYCLE]
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
    if instance is not None and "kind" not in errors and data.kind != instance.kind:
        needing = {
            role
            for role in instance.users.filter(is_active=True).values_list("role", flat=True)
            if ROLE_UNIT_KIND.get(role) == instance.kind
        }
        if needing:
            role = sorted(needing)[0]
            errors["kind"] = [
                UNIT_KIND_IN_USE
                % {"role": Role(role).label, "kind": _unit_kind_label(instance.kind)}
            ]
        elif instance.kind == UnitKind.LOCATION and hasattr(instance, "location"):
            errors["kind"] = [UNIT_KIND_LOCATION_IN_USE]
    return errors


def create_unit(*, actor: User, data: UnitData) -> Unit:
    require(actor, Action.CREATE, UNIT_KIND)
    errors = _validate_unit(actor=actor, data=data)
    if errors:
        raise ValidationError(errors)
    unit = Unit(
        organisation=actor.organisation,
        name=data.name.strip(),
        kind=data.kind,
        parent=data.parent,
        is_active=True,
    )
    try:
        with transaction.atomic():
            unit.save()
            audit.record(
                actor=actor,
                action=audit.AuditAction.CREATE,
                obj=unit,
                changes={"before": {}, "after": _unit_snapshot(unit)},
            )
    except IntegrityError as exc:
        raise ValidationError({"name": [UNIT_NAME_TAKEN]}) from exc
    return unit


def update_unit(*, actor: User, unit: Unit, data: UnitData, is_active: bool = True) -> Unit:
    """Renames, re-kinds, re-parents or (de)activates a unit of the own organisation."""
    require(actor, Action.UPDATE, UNIT_KIND, obj=unit)
    errors = _validate_unit(actor=actor, data=data, instance=unit)
    if not is_active and unit.is_active:
        active_users = unit.users.filter(is_active=True).count()
        if active_users:
            errors.setdefault("is_active", []).append(
                UNIT_HAS_ACTIVE_USERS % {"count": active_users}
            )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            unit = Unit.objects.select_for_update(no_key=True).get(pk=unit.pk)
            before = _unit_snapshot(unit)
            unit.name = data.name.strip()
            unit.kind = data.kind
            unit.parent = data.parent
            unit.is_active = is_active
            unit.save()
            after = _unit_snapshot(unit)
            if before != after:
                audit.record(
                    actor=actor,
                    action=audit.AuditAction.UPDATE,
                    obj=unit,
                    changes=audit.diff(before, after),
                )
    except IntegrityError as exc:
        raise ValidationError({"name": [UNIT_NAME_TAKEN]}) from exc
    return unit
