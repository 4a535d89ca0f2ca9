from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .services import escalate_overdue, send_notification_mail


@db_periodic_task(crontab(minute="*"))
def sweep_deadlines():
    """Every minute: escalate what became overdue. Safe to run twice (idempotent)."""
    return escalate_overdue()


@db_task()
def mail_notifications(deadline_ids: list[int]) -> int:
    """E-mail the notifications of one escalated batch (queued by the sweep on commit)."""
    return send_notification_mail(deadline_ids)
