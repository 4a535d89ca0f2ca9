"""CSV export of signals, respecting handling codes.

Only H0 and H1 intelligence leaves the system in an export; H2 (no further
dissemination without permission) and H3 stay inside, and the export says how
many were withheld. Ungraded signals are not exported either: their handling
has not been decided yet.
"""

import csv
from io import StringIO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .grading import HandlingCode

EXPORTABLE_HANDLING = (HandlingCode.H0, HandlingCode.H1)
COLUMNS = (
    "reference",
    "received_at",
    "channel",
    "sector",
    "category",
    "status",
    "source_reliability",
    "information_validity",
    "handling_code",
    "tlp",
    "place",
    "occurred_on",
)


def exportable(signals: QuerySet) -> tuple[QuerySet, int]:
    graded = signals.exclude(source_reliability="").exclude(information_validity="")
    allowed = graded.filter(handling_code__in=EXPORTABLE_HANDLING)
    return allowed, signals.count() - allowed.count()


def write_csv(signals: QuerySet) -> tuple[str, int, int]:
    allowed, withheld = exportable(signals)
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    rows = 0
    for s in allowed.select_related("category").order_by("received_at", "id").iterator(2000):
        writer.writerow(
            [
                s.reference,
                s.received_at.isoformat(),
                s.channel,
                s.sector,
                s.category.code,
                s.status,
                s.source_reliability,
                s.information_validity,
                s.handling_code,
                s.tlp,
                s.place,
                s.occurred_on.isoformat() if s.occurred_on else "",
            ]
        )
        rows += 1
    if withheld:
        writer.writerow(
            [
                _("%(count)s signals withheld: handling code H2/H3 or not graded")
                % {"count": withheld}
            ]
        )
    return buffer.getvalue(), rows, withheld
