"""A small cache-based rate limit (fixed window), used for votes: per account and per network address."""

from __future__ import annotations

from django.core.cache import cache


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt under `key`; True while at most `limit` attempts happened in the current window."""
    cache_key = f"awards:rl:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return True
    return count <= limit


def client_ip(request) -> str:
    """The client's address as seen by Django (behind a proxy, configure the proxy to set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "")
