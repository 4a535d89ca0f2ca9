from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import escalate_overdue


@db_periodic_task(crontab(minute="*"))
def sweep_deadlines():
    """Every minute: escalate what became overdue. Safe to run twice (idempotent)."""
    return escalate_overdue()
