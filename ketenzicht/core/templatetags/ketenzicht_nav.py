"""Navigation derived from the access policy: a link shows only if the role may use it."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ketenzicht.access.enforce import allows_kind
from ketenzicht.access.policy import Action
from ketenzicht.linkage.navigation import LABEL as LINKAGE_LABEL

register = template.Library()


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    kind: str
    action: Action


NAV: tuple[NavEntry, ...] = (
    NavEntry("reception:my_board", _("Reporting board"), "reception.presencecheck", Action.CREATE),
    NavEntry("people:wards", _("My wards"), "people.guardianship", Action.LIST),
    NavEntry("people:search", _("Persons"), "people.person", Action.LIST),
    NavEntry("reception:location_list", _("Locations"), "reception.location", Action.LIST),
    NavEntry("deadlines:work_queue", _("Work queue"), "deadlines.deadline", Action.LIST),
    NavEntry("departures:case_list", _("Departures"), "departures.departurecase", Action.LIST),
    NavEntry("signals:queue", _("Signals"), "signals.signal", Action.LIST),
    NavEntry("linkage:home", LINKAGE_LABEL, "linkage.linkagerun", Action.LIST),
    NavEntry("signals:statistics", _("Signal counts"), "signals.statistics", Action.LIST),
    NavEntry("signals:category_list", _("Signal categories"), "signals.category", Action.LIST),
    NavEntry(
        "reception:risk_factor_catalogue",
        _("Risk factors"),
        "reception.riskassessment",
        Action.LIST,
    ),
    NavEntry("accounts:user_list", _("Users"), "accounts.user", Action.LIST),
    NavEntry("accounts:unit_list", _("Units"), "accounts.unit", Action.LIST),
    NavEntry("audit:search", _("Audit trail"), "audit.auditevent", Action.LIST),
)


@register.simple_tag(takes_context=True)
def nav_items(context):
    request = context["request"]
    user = request.user
    items = []
    for entry in NAV:
        if entry.url_name == "people:wards" and user.role != "voogd":
            continue
        if not allows_kind(user, entry.action, entry.kind):
            continue
        url = reverse(entry.url_name)  # a missing page is a bug, not a hidden link
        label = entry.label
        if entry.url_name == "deadlines:work_queue":
            label = _work_queue_label(
                user, getattr(request, "session", None), live=request.path.startswith(url)
            )
        items.append({"url": url, "label": label, "active": False})
    items.insert(0, {"url": reverse("core:workspace"), "label": _("Workspace"), "active": False})
    # Only the most specific link is current: on /personen/pupillen/ that is
    # "My wards", not also "Persons" (/personen/).
    matches = [item for item in items if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items


def _work_queue_label(user, session, *, live: bool) -> str:
    # With open/overdue counts: one aggregate query, kept in the session for a minute
    # (live on the work queue page itself).
    from ketenzicht.departures.navigation import work_queue_label

    return work_queue_label(user, session, live=live)
