"""Due dates as a pure function of the start moment and a versioned rule.

No Django, no database: table-tested under fixed times. Rules are versioned
instead of edited, so a deadline keeps the rule it was created under.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    version: int
    hours: int  # chain agreements count in clock hours, also at night and at weekends

    def due_at(self, start: datetime) -> datetime:
        if start.tzinfo is None:
            raise ValueError("Deadlines are computed from timezone-aware moments only.")
        # Aware arithmetic in Python is wall-clock arithmetic within one zone; add
        # real elapsed hours in UTC so a clock change does not shift the deadline.
        return (start.astimezone(UTC) + timedelta(hours=self.hours)).astimezone(start.tzinfo)


def overdue(due_at: datetime, met_at: datetime | None, now: datetime) -> bool:
    return met_at is None and due_at < now
