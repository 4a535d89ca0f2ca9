"""Rate limiting in the cache, without external services.

The client address is used only as a hashed cache key that expires with the
window; it is never written to the database or the logs.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256((settings.SECRET_KEY + address).encode()).hexdigest()[:32]


def allow(bucket: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; False once `limit` hits happened within the window."""
    cache_key = f"rl:{bucket}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return True
    return count <= limit


def exceeded(bucket: str, key: str, *, limit: int) -> bool:
    """True when the bucket is already over its limit (without counting a hit)."""
    return (cache.get(f"rl:{bucket}:{key}") or 0) >= limit
