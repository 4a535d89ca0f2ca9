import os

# Playwright's sync API runs an event loop in this thread; Django's async-safety
# check would otherwise refuse the ORM calls the live-server tests make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
