"""Local development and the `make run` demo: embedded SQLite under var/."""

from .base import *  # noqa: F403
from .base import DATABASES, env, env_bool

DEBUG = env_bool("DEBUG", False)
# The demo relaxes two-factor login so the printed demo logins work at once.
# Every page shows a banner saying so; production settings never relax it.
KETENZICHT_REQUIRE_2FA = env_bool("KETENZICHT_REQUIRE_2FA", False)
KETENZICHT_DEMO_MODE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo's SQLite: each gunicorn worker (and Huey thread) keeps its connection
# instead of opening one per request (~0.4 ms: the file, Django's SQL functions,
# the PRAGMAs), unless DATABASE_CONN_MAX_AGE says otherwise.
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and env("DATABASE_CONN_MAX_AGE") is None
):
    DATABASES["default"]["CONN_MAX_AGE"] = 600
