"""The public side: report without logging in, follow up with a receipt code.

Nothing internal is shown here: only the coarse public status. No IP address
or browser data is stored; abuse is limited by a honeypot and by rate limits
kept in the cache.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ketenzicht.core import ratelimit
from ketenzicht.core.forms import apply_service_errors

from . import selectors, services
from .forms import MaritimeSignalForm, PublicAdditionForm, PublicSignalForm, ReceiptLookupForm
from .models import Channel, Sector

# Per address; settings so an operator (or the load benchmark, whose requests all
# come from 127.0.0.1) can change them.
SUBMIT_LIMIT = "SIGNALS_PUBLIC_SUBMIT_LIMIT"  # reports per address per hour
LOOKUP_LIMIT = "SIGNALS_PUBLIC_LOOKUP_LIMIT"  # failed lookups per address per 15 minutes


def _limit(name: str) -> int:
    return int(getattr(settings, name))


FOLLOW_UP_SESSION_KEY = "signals_follow_up"

# The receipt code travels from the submit to the receipt page in a signed,
# short-lived cookie that only the receipt page receives, not in the session:
# reporting needs no session (CSRF uses its own cookie), so a report writes no
# session row and the code never reaches the database, not even for a moment.
RECEIPT_COOKIE = "melden_ontvangst"
RECEIPT_COOKIE_SALT = "ketenzicht.signals.receipt"
RECEIPT_COOKIE_SECONDS = 15 * 60

FIELDS_TEMPLATE = "signals/public/_form_fields.html"
# Rendered fields of the empty public forms, per form, language and choice list.
_EMPTY_FIELDS: dict[tuple, str] = {}


def _refuse_if_limited(request: HttpRequest, bucket: str, limit: int, window: int) -> bool:
    return not ratelimit.allow(
        bucket, ratelimit.client_key(request), limit=limit, window_seconds=window
    )


def report_start(request: HttpRequest) -> HttpResponse:
    return render(request, "signals/public/start.html")


def _empty_fields_html(form) -> str:
    """The fields of an empty public form, rendered once per language and choice list.

    An unbound form renders the same for every visitor: the CSRF token sits
    outside the fields, in the page, and stays per request. Rendering some forty
    widget templates was most of the cost of the form page. The key holds the
    choices of model fields (the general form's categories: one query, as
    before), so a category change shows at once in every worker.
    """
    choices = tuple(
        (name, tuple((str(value), str(label)) for value, label in field.choices))
        for name, field in form.fields.items()
        if isinstance(field, ModelChoiceField)
    )
    key = (type(form).__name__, get_language(), choices)
    html = _EMPTY_FIELDS.get(key)
    if html is None:
        html = render_to_string(FIELDS_TEMPLATE, {"form": form})
        if len(_EMPTY_FIELDS) >= 32:  # a bound on stale category lists
            _EMPTY_FIELDS.clear()
        _EMPTY_FIELDS[key] = html
    return html


def _report(request: HttpRequest, form_class, channel: str, template: str) -> HttpResponse:
    form = form_class(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, template, {"form": form, "fields_html": _empty_fields_html(form)})
    if _refuse_if_limited(request, "signal-submit", _limit(SUBMIT_LIMIT), 3600):
        form.add_error(None, _("Too many reports from this connection. Try again later."))
    elif form.is_valid():
        if form.cleaned_data.get("website"):
            form.add_error(None, _("Your report could not be sent."))
        else:
            try:
                receipt = _submit(form, channel)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                response = redirect("melden:receipt")
                response.set_signed_cookie(
                    RECEIPT_COOKIE,
                    receipt.code,
                    salt=RECEIPT_COOKIE_SALT,
                    max_age=RECEIPT_COOKIE_SECONDS,
                    path=reverse("melden:receipt"),
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Strict",
                )
                return response
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


def _submit(form, channel: str):
    data = form.cleaned_data
    if channel == Channel.MARITIME:
        category = selectors.maritime_category()
        sector, details = Sector.MARITIME, form.details()
    else:
        category, sector, details = data["category"], "", {}
    return services.submit_public_signal(
        channel=channel,
        category=category,
        description=data["description"],
        passphrase=data["passphrase"],
        occurred_on=data.get("occurred_on"),
        place=data.get("place", ""),
        sector=sector,
        details=details,
        files=data.get("files", []),
    )


def report_general(request: HttpRequest) -> HttpResponse:
    return _report(request, PublicSignalForm, Channel.PUBLIC, "signals/public/report.html")


def report_maritime(request: HttpRequest) -> HttpResponse:
    return _report(request, MaritimeSignalForm, Channel.MARITIME, "signals/public/maritime.html")


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    # The code is shown exactly once: the cookie is deleted with this response.
    code = request.get_signed_cookie(
        RECEIPT_COOKIE, default=None, salt=RECEIPT_COOKIE_SALT, max_age=RECEIPT_COOKIE_SECONDS
    )
    response = (
        redirect("melden:status")
        if code is None
        else render(request, "signals/public/receipt.html", {"code": code})
    )
    response.delete_cookie(RECEIPT_COOKIE, path=reverse("melden:receipt"), samesite="Strict")
    return response


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    key = ratelimit.client_key(request)
    form = ReceiptLookupForm(request.POST or None)
    signal = None
    if request.method == "POST" and form.is_valid():
        if ratelimit.exceeded("signal-lookup", key, limit=_limit(LOOKUP_LIMIT)):
            form.add_error(None, _("Too many attempts. Try again in 15 minutes."))
        else:
            signal = services.find_by_receipt(
                code=form.cleaned_data["code"], passphrase=form.cleaned_data["passphrase"]
            )
            if signal is None:
                ratelimit.allow(
                    "signal-lookup", key, limit=_limit(LOOKUP_LIMIT), window_seconds=900
                )
                form.add_error(None, _("This receipt code and passphrase do not match a report."))
            else:
                request.session[FOLLOW_UP_SESSION_KEY] = signal.pk
                return redirect("melden:follow_up")
    return render(
        request, "signals/public/status.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
def follow_up(request: HttpRequest) -> HttpResponse:
    signal = selectors.signal_of_public_reporter(request.session.get(FOLLOW_UP_SESSION_KEY))
    if signal is None:
        return redirect("melden:status")
    form = PublicAdditionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_public_information(
                signal=signal,
                text=form.cleaned_data["text"],
                files=form.cleaned_data.get("files", []),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your information was added to your report."))
            return redirect("melden:follow_up")
    return render(
        request,
        "signals/public/follow_up.html",
        {
            "form": form,
            "public_status": selectors.public_status(signal),
            "received_at": signal.received_at,
        },
    )
