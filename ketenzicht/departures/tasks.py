from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import propose_from_triggers


@db_periodic_task(crontab(minute="*/15"))
def scan_departure_triggers():
    """Every 15 minutes: propose departures from missed reporting, no arrival, no presence.

    Idempotent (one pending proposal per placement and trigger). Overdue steps are
    escalated by the generic deadline sweep (`deadlines.tasks.sweep_deadlines`).
    """
    return propose_from_triggers()
