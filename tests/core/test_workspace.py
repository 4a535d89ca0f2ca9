"""The workspace page explains, in the user's language, what the policy lets a role do."""

import pytest
from django.urls import reverse

from ketenzicht.access.policy import POLICY, Action
from ketenzicht.accounts.roles import Role
from ketenzicht.core.views import ACTION_LABELS, SCOPE_LABELS
from tests.factories import UserFactory


def test_every_scope_and_action_in_the_policy_has_a_label():
    scopes = {grant.scope for grants in POLICY.values() for grant in grants.values()}
    assert scopes - set(SCOPE_LABELS) == set()
    assert set(Action) == set(ACTION_LABELS)


@pytest.mark.django_db
def test_workspace_lists_rights_in_dutch_and_english(client):
    user = UserFactory(role=Role.BELEIDSANALIST)
    client.force_login(user)
    page = client.get(reverse("core:workspace"), HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Werkruimte</h1>" in html
    assert "Soort gegevens" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("core:workspace")).content.decode()
    assert "<h1>Workspace</h1>" in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_workspace_requires_login(client):
    page = client.get(reverse("core:workspace"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_only_the_most_specific_nav_link_is_current(client):
    client.force_login(UserFactory(role=Role.VOOGD))
    html = client.get(reverse("people:wards")).content.decode()
    current = [line for line in html.splitlines() if 'aria-current="page"' in line]
    assert len(current) == 1
    assert reverse("people:wards") in current[0]
