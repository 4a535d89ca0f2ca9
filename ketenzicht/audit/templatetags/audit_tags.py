"""Labels for audit events, and the "who viewed this file" link for person pages."""

from django import template
from django.urls import reverse

from ketenzicht.access.enforce import allows_kind, can
from ketenzicht.access.policy import Action

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def who_viewed_url(context, person) -> str:
    """The log URL when the viewer may read this person's log (Action.VIEW_LOG), else ""."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if person is None or user is None:
        return ""
    # The role check first costs no query; only then the scope (one EXISTS).
    if not allows_kind(user, Action.VIEW_LOG, "people.person"):
        return ""
    if not can(user, Action.VIEW_LOG, "people.person", obj=person):
        return ""
    return reverse("audit:person_log", args=[person.pk])


register.filter("kind_label", selectors.kind_label)
register.filter("organisation_label", selectors.organisation_label)
register.filter("role_label", selectors.role_label)
register.filter("action_label", selectors.action_label)
register.filter("changed_fields", selectors.changed_fields)
