"""Reading users and units for the functional administrator.

Everything passes through `ketenzicht.access.enforce`: a beheerder sees the
users and units of their own organisation, nobody else sees these lists, and
objects outside the scope are the same 404 as objects that do not exist.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from ketenzicht.access.enforce import get_visible_or_404, visible_to
from ketenzicht.access.policy import Action

from .models import Unit, User
from .roles import ROLE_ORGANISATIONS, Role

PAGE_SIZE = 50

# Sort keys offered by the user list, each ending in a unique column so paging
# is deterministic. The first is the default (the index `user_org_name_idx`).
USER_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("last_name", "first_name", "username", "id"),
    "-name": ("-last_name", "-first_name", "-username", "-id"),
    "username": ("username",),
    "-username": ("-username",),
    "role": ("role", "last_name", "first_name", "id"),
    "-role": ("-role", "last_name", "first_name", "id"),
    "unit": ("unit__name", "last_name", "first_name", "id"),
    "-unit": ("-unit__name", "last_name", "first_name", "id"),
    "last_login": ("last_login", "id"),
    "-last_login": ("-last_login", "-id"),
}
DEFAULT_USER_SORT = "name"

UNIT_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "kind": ("kind", "name", "id"),
    "-kind": ("-kind", "name", "id"),
}
DEFAULT_UNIT_SORT = "name"


def users_visible_to(
    user: User,
    *,
    search: str = "",
    role: str = "",
    unit: Unit | int | None = None,
    active: bool | None = None,
    sort: str = DEFAULT_USER_SORT,
    page: int | str = 1,
) -> Page:
    """One page of the users the administrator may manage, with unit and organisation."""
    qs = visible_to(user, User.objects.all(), Action.LIST).select_related("unit", "organisation")
    search = (search or "").strip()
    if search:
        for term in search.split()[:5]:
            qs = qs.filter(
                Q(username__icontains=term)
                | Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
            )
    if role:
        qs = qs.filter(role=role)
    if unit:
        qs = qs.filter(unit=unit)
    if active is not None:
        qs = qs.filter(is_active=active)
    qs = qs.order_by(*USER_SORTS.get(sort, USER_SORTS[DEFAULT_USER_SORT]))
    return Paginator(qs, PAGE_SIZE).get_page(page)


def user_for_admin(user: User, pk) -> User:
    """One user the administrator may change; 404 outside their organisation."""
    return get_visible_or_404(
        user, User.objects.select_related("unit", "organisation", "supervisor"), pk, Action.UPDATE
    )


def units_visible_to(
    user: User,
    *,
    active: bool | None = None,
    sort: str = DEFAULT_UNIT_SORT,
    page: int | str = 1,
) -> Page:
    """One page of the organisation's units, with the number of active users each."""
    qs = (
        visible_to(user, Unit.objects.all(), Action.LIST)
        .select_related("parent", "organisation")
        .annotate(active_users=Count("users", filter=Q(users__is_active=True)))
    )
    if active is not None:
        qs = qs.filter(is_active=active)
    qs = qs.order_by(*UNIT_SORTS.get(sort, UNIT_SORTS[DEFAULT_UNIT_SORT]))
    return Paginator(qs, PAGE_SIZE).get_page(page)


def unit_for_admin(user: User, pk) -> Unit:
    return get_visible_or_404(
        user, Unit.objects.select_related("parent", "organisation"), pk, Action.UPDATE
    )


def unit_choices(user: User, *, include: Unit | None = None) -> QuerySet[Unit]:
    """Active units the administrator can attach users to (plus the current one)."""
    qs = visible_to(user, Unit.objects.all(), Action.LIST)
    active = Q(is_active=True)
    if include is not None:
        active |= Q(pk=include.pk)
    return qs.filter(active).order_by("name", "id")


def supervisor_choices(user: User, *, exclude: User | None = None) -> QuerySet[User]:
    qs = visible_to(user, User.objects.all(), Action.LIST).filter(is_active=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("last_name", "first_name", "username")


def role_choices(user: User) -> list[tuple[str, str]]:
    """The roles that exist in the administrator's organisation."""
    kind = user.organisation.kind if user.organisation_id else ""
    return [(value, label) for value, label in Role.choices if kind in ROLE_ORGANISATIONS[value]]


def is_locked_out(user: User) -> bool:
    """True while django-axes refuses logins for this username (too many failures)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def has_two_factor(user: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def confirmed_device(user: User):
    """The user's confirmed authenticator (TOTP device), or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def organisation_kind_of_username(username: str) -> str:
    """The organisation kind of the account with this username (any case), or ""."""
    if not username:
        return ""
    kind = (
        User.objects.filter(username__iexact=username)
        .values_list("organisation__kind", flat=True)
        .first()
    )
    return kind or ""
