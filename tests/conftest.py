import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's async-safety
# check would otherwise refuse the ORM calls the live server tests make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    # Tests see the product's real defaults (Dutch UI); nothing to change here,
    # the fixture exists so every test gets a fresh `settings` snapshot.
    return settings
