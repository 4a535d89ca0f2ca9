"""Reads on deadlines: the work queue and its counts, notifications."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from ketenzicht.access.enforce import get_visible_or_404, visible_to
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import User

from .models import Deadline, Notification

PAGE_SIZE = 50


def open_deadlines_visible_to(user: User) -> QuerySet[Deadline]:
    return visible_to(
        user, Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True), Action.LIST
    )


class _KnownCountPaginator(Paginator):
    """A paginator told its count (from `queue_counts`), so the page does not count twice."""

    def __init__(self, *args, known_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = known_count

    @property
    def count(self) -> int:
        return self._known_count


def work_queue(user: User, *, page: int | str = 1, count: int | None = None) -> Page:
    """What must I do now: open steps by due time (so overdue comes first), 50 a page.

    `count`: the number of open steps when the caller already has it (`queue_counts`)."""
    now = timezone.now()
    qs = (
        open_deadlines_visible_to(user)
        .select_related("organisation", "unit")
        .annotate(
            is_overdue=Case(
                When(due_at__lt=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("due_at", "id")
    )
    if count is not None:
        return _KnownCountPaginator(qs, PAGE_SIZE, known_count=count).get_page(page)
    return Paginator(qs, PAGE_SIZE).get_page(page)


@dataclass(frozen=True)
class QueueCounts:
    open: int
    overdue: int


def queue_counts(user: User) -> QueueCounts:
    now = timezone.now()
    counts = open_deadlines_visible_to(user).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now))
    )
    return QueueCounts(open=counts["open"], overdue=counts["overdue"])


def notifications_of(user: User, *, page: int | str = 1) -> Page:
    qs = visible_to(user, Notification.objects.all(), Action.LIST).order_by("-created_at", "-id")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def unread_notification_count(user: User) -> int:
    return visible_to(user, Notification.objects.filter(read_at__isnull=True), Action.LIST).count()


def get_notification_for(user: User, pk) -> Notification:
    return get_visible_or_404(user, Notification.objects.all(), pk, Action.UPDATE)
