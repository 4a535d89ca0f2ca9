from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a logged-in but not yet verified user may reach: logging in and out and
# the two-factor pages themselves, never the rest of /account/ (user admin).
_OPEN_PREFIXES = (
    "/account/inloggen/",
    "/account/uitloggen/",
    "/account/tweestaps/",
    "/static/",
    "/i18n/",
    "/healthz",
    "/jsi18n/",
)


class TwoFactorRequiredMiddleware:
    """When two-factor login is required, a session is only usable once verified (TOTP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.KETENZICHT_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                # API clients get a problem document (RFC 9457), not a login page.
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": "Two-factor verification required",
                        "status": 403,
                        "instance": request.path,
                    },
                    status=403,
                    content_type="application/problem+json",
                )
            return redirect(
                reverse("accounts:two_factor") + "?" + urlencode({"next": request.path})
            )
        return self.get_response(request)
