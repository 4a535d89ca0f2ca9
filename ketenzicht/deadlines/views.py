from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    counts = selectors.queue_counts(request.user)
    page = selectors.work_queue(request.user, page=request.GET.get("page", 1), count=counts.open)
    return render(request, "deadlines/work_queue.html", {"page": page, "counts": counts})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = selectors.notifications_of(request.user, page=request.GET.get("page", 1))
    return render(request, "deadlines/notifications.html", {"page": page})


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.get_notification_for(request.user, pk)
    services.mark_notification_read(actor=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("deadlines:notifications")
