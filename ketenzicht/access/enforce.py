"""Applying the policy: the only functions that decide visibility.

- `visible_to(user, queryset, action)` filters rows (deny by default);
- `get_visible_or_404(user, queryset, pk, action)` fetches one row, raising the
  same `NotVisible` (a 404) for a missing and for a forbidden row;
- `can(user, action, kind, obj=None)` answers a yes/no question;
- `require(user, action, kind, obj=None)` raises `NotVisible` or `PermissionDenied`;
- `redacted(user, kind)` lists the parts a user may not see.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from ketenzicht.accounts.roles import Role

from .policy import Action, grant_for
from .scopes import get_scope


class NotVisible(Http404):
    """Missing or not allowed: deliberately indistinguishable."""


def kind_of(model_or_obj) -> str:
    return model_or_obj._meta.label_lower


def _active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role)


def scope_filter(user, kind: str, action: Action) -> models.Q | None:
    """The Q selecting rows `user` may `action`, or None when nothing is allowed."""
    if not _active_user(user):
        return None
    grant = grant_for(kind, user.role)
    if grant is None or action not in grant.actions:
        return None
    return get_scope(kind, grant.scope_for(action))(user)


def visible_to(user, queryset: models.QuerySet, action: Action = Action.LIST) -> models.QuerySet:
    q = scope_filter(user, kind_of(queryset.model), action)
    if q is None:
        return queryset.none()
    filtered = queryset.filter(q)
    if kind_of(queryset.model) == "people.person":
        filtered = filtered.filter(merged_into__isnull=True)
    return filtered


def visible_person_ids(user) -> models.QuerySet:
    from ketenzicht.people.models import Person

    return visible_to(user, Person.objects.all(), Action.VIEW).values("pk")


def get_visible_or_404(user, queryset: models.QuerySet, pk, action: Action = Action.VIEW):
    try:
        return visible_to(user, queryset, action).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotVisible from exc


def allows_kind(user, action: Action, kind: str) -> bool:
    if not _active_user(user):
        return False
    grant = grant_for(kind, user.role)
    return grant is not None and action in grant.actions


def can(user, action: Action, kind: str, obj: models.Model | None = None) -> bool:
    if obj is None:
        return allows_kind(user, action, kind)
    q = scope_filter(user, kind, action)
    if q is None:
        return False
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


def require(user, action: Action, kind: str, obj: models.Model | None = None) -> None:
    if can(user, action, kind, obj):
        return
    # Someone who may see the object but not change it gets 403; anyone else
    # gets the same 404 as for an object that does not exist.
    if obj is not None and not can(user, Action.VIEW, kind, obj):
        raise NotVisible
    raise PermissionDenied


def redacted(user, kind: str) -> frozenset[str]:
    if not _active_user(user):
        return frozenset()
    grant = grant_for(kind, user.role)
    return grant.redact if grant else frozenset()


def roles_allowed(kind: str, action: Action) -> list[Role]:
    from .policy import POLICY

    return [role for role, g in POLICY.get(kind, {}).items() if action in g.actions]
