"""API plumbing shared by every endpoint: pagination and RFC 9457 problem details."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def problem_response(
    *, status_code: int, title: str, detail: str = "", instance: str = "", extra: dict | None = None
) -> Response:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if extra:
        body.update(extra)
    response = Response(body, status=status_code)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_details_handler(exc, context):
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling (logged, problem JSON)
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        title = _("Invalid input")
        detail = _("One or more fields are invalid.")
        extra["errors"] = response.data
    else:
        title = str(getattr(exc, "default_detail", "")) or _("Error")
        data = response.data
        detail = str(data.get("detail", "")) if isinstance(data, dict) else ""
        if detail == title:
            detail = ""
    problem = problem_response(
        status_code=response.status_code,
        title=title,
        detail=detail,
        instance=instance,
        extra=extra,
    )
    for header in ("Retry-After", "WWW-Authenticate"):
        if header in response:
            problem[header] = response[header]
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in problem:
        problem.status_code = status.HTTP_403_FORBIDDEN
        problem.data["status"] = status.HTTP_403_FORBIDDEN
    return problem
