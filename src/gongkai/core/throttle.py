"""How often one client may try something: counts in the shared cache, limits as settings.

Every process of the site reads the same counts (the database cache by default, Redis when
configured), so a fresh cookie jar, another worker or another tab changes nothing. A limit is
`attempts` within a window of `seconds`; a client that has used them up waits for the window to
end and is told when (HTTP 429 with Retry-After). Counts are fixed windows: simple, and at worst
twice the limit across a window's edge.

The client's address is REMOTE_ADDR, unless GONGKAI_CLIENT_ADDRESS_HEADER names the header in
which a trusted reverse proxy puts it (X-Forwarded-For: the last address, the one the proxy added).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


@dataclass(frozen=True)
class Limit:
    attempts: int
    seconds: int


def limit(name: str) -> Limit:
    attempts, seconds = settings.GONGKAI_LIMITS[name]
    return Limit(int(attempts), int(seconds))


def _now() -> float:
    return time.time()


def _cache() -> BaseCache:
    return caches[settings.GONGKAI_THROTTLE_CACHE]


def _key(name: str, who: str, *parts: object) -> str:
    # Hashed: addresses, phone numbers and e-mail addresses never sit in the cache as they are,
    # and every key is short and safe for any cache backend.
    digest = hashlib.sha256(f"{name}\0{who}".encode()).hexdigest()[:32]
    return ":".join(["throttle", name, digest, *map(str, parts)])


def client_address(request: HttpRequest) -> str:
    header = settings.GONGKAI_CLIENT_ADDRESS_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        forwarded = [part.strip() for part in str(value).split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def wait_for(name: str, who: str) -> int:
    """Seconds until `who` may try `name` again: 0 while attempts are left."""
    rule, now = limit(name), _now()
    window = int(now // rule.seconds)
    count = _cache().get(_key(name, who, window), 0)
    if count < rule.attempts:
        return 0
    return max(1, math.ceil((window + 1) * rule.seconds - now))


def count(name: str, who: str) -> int:
    """One more attempt of `who` at `name` in this window; the window's count so far."""
    rule = limit(name)
    key = _key(name, who, int(_now() // rule.seconds))
    cache = _cache()
    cache.add(key, 0, timeout=rule.seconds + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rule.seconds + 1)
        return 1


def forget(name: str, who: str) -> None:
    """Start `who` afresh at `name` (a successful log-in clears the account's failures)."""
    rule = limit(name)
    _cache().delete(_key(name, who, int(_now() // rule.seconds)))


# --- locks that outlast a window: a case whose tracking is locked after wrong contacts ----------


def lock(name: str, who: str, seconds: int) -> None:
    _cache().set(_key(name, who, "lock"), _now() + seconds, timeout=seconds)


def locked_for(name: str, who: str) -> int:
    """Seconds the lock on `who` still holds; 0 when there is none."""
    until = _cache().get(_key(name, who, "lock"))
    if until is None:
        return 0
    return max(0, math.ceil(float(until) - _now()))


# --- what the client is told ---------------------------------------------------------------------


def when(seconds: int) -> str:
    """请在 12 分钟后（14:35 以后）再试: how long and until when, in the site's time zone."""
    at = timezone.localtime(timezone.now() + dt.timedelta(seconds=seconds))
    if seconds < 60:
        return f"请在 {seconds} 秒后再试"
    return f"请在 {math.ceil(seconds / 60)} 分钟后（{at:%H:%M} 以后）再试"


def too_many(response: HttpResponse, seconds: int) -> HttpResponse:
    """The response as a 429 that says when to come back."""
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response
