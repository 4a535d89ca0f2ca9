"""The work-queue entry of the main navigation, with its counts.

The counts are one aggregate query (`deadlines.selectors.queue_counts`), kept in
the session for `NAV_COUNTS_SECONDS` so ordinary pages do not pay for it on every
request; the work-queue page itself always counts live.
"""

import time

from django.utils.translation import gettext as _

from ketenzicht.deadlines.selectors import QueueCounts, queue_counts

NAV_COUNTS_SECONDS = 60
SESSION_KEY = "_nav_queue_counts"


def nav_counts(user, session=None, *, live: bool = False) -> QueueCounts:
    now = time.time()
    cached = session.get(SESSION_KEY) if session is not None and not live else None
    if cached and cached.get("user") == user.pk and now - cached.get("at", 0) < NAV_COUNTS_SECONDS:
        return QueueCounts(open=cached["open"], overdue=cached["overdue"])
    counts = queue_counts(user)
    if session is not None:
        session[SESSION_KEY] = {
            "user": user.pk,
            "at": now,
            "open": counts.open,
            "overdue": counts.overdue,
        }
    return counts


def work_queue_label(user, session=None, *, live: bool = False) -> str:
    """The label, e.g. "Work queue (3 open, 1 overdue)"; `live` on the work queue page."""
    counts = nav_counts(user, session, live=live)
    if not counts.open:
        return _("Work queue")
    if counts.overdue:
        return _("Work queue (%(open)s open, %(overdue)s overdue)") % {
            "open": counts.open,
            "overdue": counts.overdue,
        }
    return _("Work queue (%(open)s open)") % {"open": counts.open}
