from django.conf import settings


def ketenzicht(request):
    return {
        "demo_mode": getattr(settings, "KETENZICHT_DEMO_MODE", False),
        "require_2fa": settings.KETENZICHT_REQUIRE_2FA,
    }
