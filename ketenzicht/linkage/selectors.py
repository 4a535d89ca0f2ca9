"""Reads of identity linkage, each through the access policy, in fixed query counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Value, When
from django.utils.translation import gettext_noop

from ketenzicht.access.enforce import get_visible_or_404, visible_to
from ketenzicht.access.policy import Action
from ketenzicht.people.models import Person

from .models import (
    ACTIVE_RUN_STATUSES,
    QUEUE_STATUSES,
    CandidateLink,
    CandidateStatus,
    LinkageRun,
    Merge,
    MergeMove,
)

PAGE_SIZE = 50

_RECORD_PARTS = (
    "left_record__organisation",
    "left_record__person",
    "right_record__organisation",
    "right_record__person",
)

# The queue's orders; each is backed by linkage_queue_idx (status, -probability, id)
# or the primary key.
QUEUE_SORTS = {
    "probability": ("-match_probability", "id"),
    "probability_asc": ("match_probability", "id"),
    "newest": ("-id",),
}
DEFAULT_QUEUE_SORT = "probability"
QUEUE_FILTERS = ("", *QUEUE_STATUSES)  # "" is pending and unsure together


def candidates_visible_to(user, action: Action = Action.LIST) -> QuerySet[CandidateLink]:
    return visible_to(user, CandidateLink.objects.all(), action)


@dataclass
class Queue:
    page: Page
    counts: dict[str, int]  # per queue status, plus "total"


def review_queue(user, *, status: str = "", sort: str = DEFAULT_QUEUE_SORT, page=1) -> Queue:
    """Pairs waiting for a decision, highest probability first.

    Three queries: the counts per queue status (one aggregate), the page count
    (the paginator), and the page with both records, their organisations and
    persons joined in. `one_person` marks pairs whose records were brought
    together by another merge meanwhile.
    """
    visible = candidates_visible_to(user)
    counts = {s: 0 for s in QUEUE_STATUSES}
    for row in (
        visible.filter(status__in=QUEUE_STATUSES)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    ):
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts.values())
    statuses = [status] if status in QUEUE_STATUSES else list(QUEUE_STATUSES)
    rows = (
        visible.filter(status__in=statuses)
        .select_related(*_RECORD_PARTS)
        .annotate(
            one_person=Case(
                When(left_record__person_id=F("right_record__person_id"), then=Value(True)),
                default=Value(False),
            )
        )
        .order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS[DEFAULT_QUEUE_SORT]))
    )
    return Queue(page=Paginator(rows, PAGE_SIZE).get_page(page), counts=counts)


def get_candidate_for(user, pk, action: Action = Action.VIEW) -> CandidateLink:
    """One pair with both records (organisation, person) and its run: one query."""
    return get_visible_or_404(
        user,
        CandidateLink.objects.select_related(*_RECORD_PARTS, "run", "decided_by"),
        pk,
        action,
    )


def merge_of(candidate: CandidateLink) -> Merge | None:
    """The merge a pair caused that has not been split (there is at most one)."""
    return (
        Merge.objects.filter(candidate=candidate, split_at__isnull=True)
        .select_related("survivor", "absorbed", "merged_by")
        .first()
    )


MERGE_STATES = ("active", "split", "all")


def merges(user, *, state: str = "active", page=1) -> Page:
    """Merges newest first, with both persons, who merged and who split: two queries."""
    qs = visible_to(user, Merge.objects.all(), Action.LIST).select_related(
        "survivor", "absorbed", "merged_by", "split_by", "candidate"
    )
    if state == "active":
        qs = qs.filter(split_at__isnull=True)
    elif state == "split":
        qs = qs.filter(split_at__isnull=False)
    return Paginator(qs.order_by("-merged_at", "-id"), PAGE_SIZE).get_page(page)


def get_merge_for(user, pk, action: Action = Action.VIEW) -> Merge:
    return get_visible_or_404(
        user,
        Merge.objects.select_related("survivor", "absorbed", "merged_by", "split_by", "candidate"),
        pk,
        action,
    )


def moved_rows(merge: Merge) -> dict[str, int]:
    """How many rows of each kind the merge moved (one query)."""
    return dict(
        MergeMove.objects.filter(merge=merge)
        .order_by("model")
        .values_list("model")
        .annotate(n=Count("id"))
    )


def runs(user, *, page=1) -> Page:
    qs = visible_to(user, LinkageRun.objects.all(), Action.LIST).select_related("started_by")
    return Paginator(qs.order_by("-queued_at", "-id"), PAGE_SIZE).get_page(page)


def get_run_for(user, pk) -> LinkageRun:
    return get_visible_or_404(user, LinkageRun.objects.select_related("started_by"), pk)


def active_run(user) -> LinkageRun | None:
    return (
        visible_to(user, LinkageRun.objects.all(), Action.LIST)
        .filter(status__in=ACTIVE_RUN_STATUSES)
        .order_by("-id")
        .first()
    )


# --- evaluation ---------------------------------------------------------------------

# Lower bounds of the probability bands, highest first; the review threshold
# and the automatic-link threshold are bands of their own.
BAND_BOUNDS = (0.995, 0.99, 0.95, 0.90, 0.80, 0.0)


@dataclass
class Band:
    low: float
    high: float
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def reviewed(self) -> int:
        return sum(self.counts.get(s, 0) for s in REVIEWED)

    @property
    def same(self) -> int:
        return self.counts.get(CandidateStatus.SAME, 0)

    @property
    def different(self) -> int:
        # A link that had to be split was a different person after all.
        return self.counts.get(CandidateStatus.DIFFERENT, 0) + self.counts.get(
            CandidateStatus.SPLIT, 0
        )

    @property
    def precision(self) -> float | None:
        decided = self.same + self.different
        return self.same / decided if decided else None

    @property
    def precision_percent(self) -> int | None:
        precision = self.precision
        return None if precision is None else round(precision * 100)


REVIEWED = (CandidateStatus.SAME, CandidateStatus.DIFFERENT, CandidateStatus.SPLIT)


def evaluation(user) -> list[Band]:
    """Decisions per probability band (one aggregate query), highest band first."""
    whens = [When(match_probability__gte=low, then=Value(low)) for low in BAND_BOUNDS if low > 0]
    rows = (
        candidates_visible_to(user)
        .order_by()
        .annotate(band=Case(*whens, default=Value(0.0), output_field=FloatField()))
        .values("band", "status")
        .annotate(n=Count("id"))
    )
    highs = (1.0, *BAND_BOUNDS[:-1])
    bands = {low: Band(low=low, high=high) for low, high in zip(BAND_BOUNDS, highs, strict=True)}
    for row in rows:
        band = bands[min(BAND_BOUNDS, key=lambda b: abs(b - row["band"]))]
        band.counts[row["status"]] = band.counts.get(row["status"], 0) + row["n"]
    return [bands[low] for low in BAND_BOUNDS]


# --- the person page ------------------------------------------------------------------


@dataclass
class Provenance:
    """Persons merged into this one, and which identity records came with each."""

    merges: list[Merge]
    record_merge: dict[int, Merge]  # identity record id -> the merge that brought it


def provenance_for(person: Person) -> Provenance:
    """For a person the caller may see: one query, a second only when there are merges."""
    merges_in = list(
        Merge.objects.filter(survivor=person, split_at__isnull=True)
        .select_related("absorbed", "merged_by", "candidate__run")
        .order_by("merged_at", "id")
    )
    record_merge: dict[int, Merge] = {}
    if merges_in:
        by_id = {m.pk: m for m in merges_in}
        for merge_id, object_id in MergeMove.objects.filter(
            merge_id__in=by_id, model="people.identityrecord", recreate__isnull=True
        ).values_list("merge_id", "object_id"):
            record_merge[int(object_id)] = by_id[merge_id]
    return Provenance(merges=merges_in, record_merge=record_merge)


MERGED_INTO_MESSAGE = gettext_noop(
    "This person was merged into %(survivor)s; you see the merged file."
)


def survivor_for(user, pk) -> Person | None:
    """The person a merged-away person now lives on in, if `user` may see it.

    Follows a chain of merges (at most a few steps); None for a person that is
    not merged, does not exist, or whose survivor the user may not see.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    seen = set()
    person = Person.objects.filter(pk=pk).only("pk", "merged_into_id").first()
    while person is not None and person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = (
            Person.objects.filter(pk=person.merged_into_id).only("pk", "merged_into_id").first()
        )
    if person is None or person.pk == pk:
        return None
    return visible_to(user, Person.objects.filter(pk=person.pk), Action.VIEW).first()


def merge_events(person: Person) -> QuerySet[Merge]:
    """Merges this person took part in, as survivor or absorbed (for the timeline)."""
    return Merge.objects.filter(Q(survivor=person) | Q(absorbed=person)).select_related(
        "survivor", "absorbed", "merged_by", "split_by"
    )
