"""Test settings: SQLite in memory by default, PostgreSQL when DATABASE_URL says so."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
KETENZICHT_REQUIRE_2FA = False
KETENZICHT_DEMO_MODE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HUEY = {"huey_class": "huey.MemoryHuey", "immediate": True, "name": "ketenzicht-test"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
# Tests never collect static files: WhiteNoise serves them from the apps'
# static/ folders (finders), so the live server for browser tests has CSS and JS.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
