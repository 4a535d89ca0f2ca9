"""The access matrix: every role × every object kind × every action, allowed and denied.

Generated from `expectations.EXPECTED` over the fixed world of `world.py`. For
each cell it checks the rows the policy lets the role act on (exactly the
expected ones, not one more: 0 leaks), that every other object of the kind is
refused with the same `NotVisible` as a non-existent id, and for `create`
whether the role may create at all.
"""

import pytest
from django.apps import apps

from ketenzicht.access import enforce
from ketenzicht.access.policy import AGGREGATE_KINDS, POLICY, Action
from ketenzicht.accounts.roles import Role

from .expectations import ALL_USERS, EXPECTED
from .world import build_world

USERNAMES = list(ALL_USERS)
ROLE_OF = {
    "mentor_a": Role.MENTOR,
    "manager_a": Role.LOCATION_MANAGER,
    "mentor_b": Role.MENTOR,
    "voogd_1": Role.VOOGD,
    "voogd_2": Role.VOOGD,
    "avim_1": Role.AVIM_RECHERCHEUR,
    "ir_1": Role.IR_OFFICER,
    "avim_2": Role.AVIM_RECHERCHEUR,
    "kmar": Role.KMAR_ANALIST,
    "ind": Role.IND_MEDEWERKER,
    "dtv": Role.DTV_MEDEWERKER,
    "ovj": Role.OFFICIER_VAN_JUSTITIE,
    "emm": Role.EMM_ANALIST,
    "apm": Role.BELEIDSANALIST,
    "privacy": Role.PRIVACY_OFFICER,
    "beheerder_coa": Role.BEHEERDER,
    "beheerder_politie": Role.BEHEERDER,
}
# Models that are not object kinds of their own: reference data, join rows,
# bookkeeping. Anything else must be in the policy table and in EXPECTED.
NOT_OBJECT_KINDS = {
    "accounts.organisation",
    "audit.auditchainhead",
    "reception.riskassessmentfactor",  # part of a risk assessment
    # Parts of a signal: reached only through a signal the user may see.
    "signals.signalentity",
    "signals.attachment",
    "signals.publicaddition",
    "signals.omassessment",
    "departures.departureevent",  # the history of a case, shown only with the case
    "linkage.mergemove",  # the ledger of a merge, shown only with the merge
    # The name search's token index (ADR 0011): read only inside the person
    # search, whose results go through the person policy.
    "people.nametoken",
    "people.nametokenvocabulary",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        # One world for the module, rolled back at the end.
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


CELLS = [
    (kind, username, action)
    for kind in sorted(EXPECTED)
    for username in USERNAMES
    for action in Action
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "username", "action"), CELLS)
def test_access_matrix(world, kind, username, action):
    user = world.users[username]
    expected = EXPECTED[kind].get(username, {}).get(action)
    if action == Action.CREATE or kind in AGGREGATE_KINDS:
        assert enforce.can(user, action, kind) is bool(expected)
        return
    model = apps.get_model(kind)
    allowed = enforce.visible_to(user, model._default_manager.all(), action)
    assert world.names(kind, allowed) == (expected or set())
    for name, obj in world.objects.get(kind, {}).items():
        if expected and name in expected:
            assert enforce.get_visible_or_404(user, model._default_manager.all(), obj.pk, action)
        else:
            with pytest.raises(enforce.NotVisible):
                enforce.get_visible_or_404(user, model._default_manager.all(), obj.pk, action)
    with pytest.raises(enforce.NotVisible):
        enforce.get_visible_or_404(user, model._default_manager.all(), 10**9, action)


def test_every_object_kind_is_in_the_policy_and_the_matrix():
    project_kinds = {
        m._meta.label_lower
        for m in apps.get_models()
        if m.__module__.startswith("ketenzicht.") and not m.__module__.startswith("ketenzicht.demo")
    }
    assert project_kinds - NOT_OBJECT_KINDS == set(POLICY) - AGGREGATE_KINDS
    assert set(POLICY) == set(EXPECTED)


@pytest.mark.django_db
def test_matrix_covers_every_role(world):
    assert {u.role for u in world.users.values()} == set(Role.values)
    assert set(world.users) == set(USERNAMES)


def test_every_policy_grant_is_observed_in_the_matrix():
    """A grant nobody exercises in EXPECTED would go untested; forbid that."""
    for kind, grants in POLICY.items():
        for role, grant in grants.items():
            users = [u for u in USERNAMES if ROLE_OF[u] == role]
            assert users, (kind, role)
            for action in grant.actions:
                assert any(action in EXPECTED[kind].get(u, {}) for u in users), (kind, role, action)


@pytest.mark.django_db
def test_inactive_user_sees_nothing(world):
    user = world.users["mentor_a"]
    user.is_active = False
    try:
        for kind in AGGREGATE_KINDS:
            assert not enforce.allows_kind(user, Action.LIST, kind)
        for kind in set(EXPECTED) - AGGREGATE_KINDS:
            model = apps.get_model(kind)
            assert not enforce.visible_to(user, model._default_manager.all()).exists()
    finally:
        user.is_active = True


@pytest.mark.django_db
def test_merged_person_is_not_listed_for_anyone(world):
    merged = world.objects["people.person"]["p_merged"]
    for user in world.users.values():
        with pytest.raises(enforce.NotVisible):
            enforce.get_visible_or_404(user, merged.__class__.objects.all(), merged.pk)
