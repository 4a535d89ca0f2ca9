"""Settings shared by every environment.

Environment-specific modules (`local`, `test`, `production`) import from here and
override only what differs. Everything an operator sets comes from environment
variables, read in one place (`env`) so the full list is easy to find.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "ketenzicht"
VAR_DIR = Path(os.environ.get("KETENZICHT_VAR_DIR", BASE_DIR / "var"))
# The task queue opens its SQLite file here at import time, before any command runs.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = env("SECRET_KEY", "insecure-local-development-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in (env("ALLOWED_HOSTS", "127.0.0.1,localhost") or "").split(",")]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "ketenzicht.core",
    "ketenzicht.accounts",
    "ketenzicht.access",
    "ketenzicht.audit",
    "ketenzicht.people",
    "ketenzicht.reception",
    "ketenzicht.deadlines",
    "ketenzicht.signals",
    "ketenzicht.departures",
    "ketenzicht.linkage",
    "ketenzicht.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ketenzicht.core.middleware.RequestIdMiddleware",
    "ketenzicht.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ketenzicht.accounts.middleware.TwoFactorRequiredMiddleware",
    "ketenzicht.core.middleware.ActorContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ketenzicht.urls"
WSGI_APPLICATION = "ketenzicht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ketenzicht.core.context_processors.ketenzicht",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ketenzicht.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0") or 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; a busy timeout
    # makes concurrent writers wait instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation pays off for long analytical queries, not for pages: at a
    # million persons the planner's cost estimates pass jit_above_cost and a
    # 5 ms person search spends 200-300 ms compiling (docs/benchmarks.md).
    # Libpq startup options; empty DATABASE_PG_OPTIONS sends none (PgBouncer).
    pg_options = env("DATABASE_PG_OPTIONS", "-c jit=off")
    if pg_options:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", pg_options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout (django-axes): five failures lock the username+address pair for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (TOTP). Production requires it; the demo may relax it,
# and then every page says so in a banner.
KETENZICHT_REQUIRE_2FA = True
OTP_TOTP_ISSUER = "Ketenzicht"

# Sessions: idle timeout of 30 minutes, renewed on every request.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", "1800") or 1800)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS: list = []  # each app keeps its own catalogue in <app>/locale
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"  # never served by the web app

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ketenzicht.core.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "ketenzicht.core.api.problem_details_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ketenzicht API",
    "DESCRIPTION": "Chain information exchange. Errors are RFC 9457 problem details.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "ketenzicht",
    "filename": str(VAR_DIR / "huey.sqlite3"),
    "immediate": False,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}
if env("REDIS_URL"):
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": "ketenzicht",
        "url": env("REDIS_URL"),
        "immediate": False,
        "consumer": {"workers": 4, "worker_type": "thread", "periodic": True},
    }

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ketenzicht@localhost")

# Key for the audit hash chain (HMAC-SHA256). Without the key an attacker with
# database access cannot recompute a valid chain after editing history.
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY", SECRET_KEY)

# Public reporting: abuse limits per client address (kept in the cache only).
SIGNALS_PUBLIC_SUBMIT_LIMIT = int(env("SIGNALS_PUBLIC_SUBMIT_LIMIT", "10") or 10)
SIGNALS_PUBLIC_LOOKUP_LIMIT = int(env("SIGNALS_PUBLIC_LOOKUP_LIMIT", "10") or 10)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL"):
    # Shared by all web workers, so rate limits hold across processes.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }

# Identity linkage (ADR 0010): pairs at or above the upper threshold are linked
# without review; pairs between the thresholds go to the I&R review queue.
LINKAGE_AUTO_LINK_PROBABILITY = float(env("LINKAGE_AUTO_LINK_PROBABILITY", "0.995") or 0.995)
LINKAGE_REVIEW_PROBABILITY = float(env("LINKAGE_REVIEW_PROBABILITY", "0.80") or 0.80)
# A run without progress for this long lost its worker; the next start marks it failed.
LINKAGE_STALE_MINUTES = int(env("LINKAGE_STALE_MINUTES", "30") or 30)

# Disclosure control: counts from 1 up to this value are shown as "fewer than N".
DISCLOSURE_THRESHOLD = 5

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"ketenzicht": {"level": "INFO"}},
}
