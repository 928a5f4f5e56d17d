"""How often one client may try something: counts every process shares, limits as settings.

Every process of the site reads the same counts, so a fresh cookie jar, another worker or another
tab changes nothing. A limit is `attempts` within a window of `seconds`; a client that has used
them up waits for the window to end and is told when (HTTP 429 with Retry-After). Counts are fixed
windows: simple, and at worst twice the limit across a window's edge.

Counting is atomic, so attempts sent in parallel get no more than the limit. In Redis (when
GONGKAI_REDIS_URL is set) a count is the cache's INCR. Otherwise the counts are rows of their own
table (ThrottleCount), each attempt one statement, INSERT … ON CONFLICT DO UPDATE SET count = count
+ 1 … RETURNING count, on SQLite as on PostgreSQL: the database cache's increment is a read and
then a write, and two workers would both read 4 and both write 5. `attempt()` checks and counts in
that one statement, so exactly the limit's attempts are let through. A count is its own
transaction (autocommit): it stays counted whatever the request does next, provided it is not made
inside a transaction of the caller's (none of the pages that count is). Rows whose window is over
are deleted by `manage.py prune_throttle_counts`, nightly. The locks that outlast a window (a case's
tracking) stay in the cache: setting one twice is no race.

The client's address is REMOTE_ADDR, unless GONGKAI_CLIENT_ADDRESS_HEADER names the header in
which a trusted reverse proxy puts it (X-Forwarded-For: the last address, the one the proxy added).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import ThrottleCount


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
    if _read(_key(name, who, window)) < rule.attempts:
        return 0
    return max(1, math.ceil((window + 1) * rule.seconds - now))


def count(name: str, who: str) -> int:
    """One more attempt of `who` at `name` in this window; the window's count so far."""
    counted = _add(_window(name, who), up_to=None)
    assert counted is not None  # no ceiling: always counted
    return counted


def forget(name: str, who: str) -> None:
    """Start `who` afresh at `name` (a successful log-in clears the account's failures)."""
    key = _window(name, who).key
    if _in_cache():
        _cache().delete(key)
    else:
        ThrottleCount.objects.filter(key=key).delete()


@dataclass(frozen=True)
class Attempt:
    """One attempt: let through (`wait` 0) and counted against each of its limits, or refused
    (`wait`: seconds until the longest of them lets one through) with nothing counted."""

    wait: int
    counts: dict[str, int] = field(default_factory=dict)  # limit name → its count, this one included
    keys: tuple[str, ...] = ()

    def give_back(self) -> None:
        """The attempt did not count after all (the right answer, a form the action refused):
        one less in each window it was counted in."""
        for key in self.keys:
            _subtract(key)


def attempt(*tries: tuple[str, str]) -> Attempt:
    """Check and count at once: one attempt of each (limit name, who), if every one of them has an
    attempt left. Attempts sent in parallel cannot all pass the check before any of them counts:
    of N sent at once with L left, exactly L are let through."""
    if wait := _longest_wait(tries):
        return Attempt(wait)
    counts: dict[str, int] = {}
    keys: list[str] = []
    for name, who in tries:
        window = _window(name, who)
        counted = _add(window, up_to=limit(name).attempts)
        if counted is None:  # used up by attempts sent at the same moment: nothing of this one counts
            Attempt(0, counts, tuple(keys)).give_back()
            return Attempt(max(1, _longest_wait(tries)))
        counts[name] = counted
        keys.append(window.key)
    return Attempt(0, counts, tuple(keys))


def prune() -> int:
    """Delete the counts whose window is over (nightly, `manage.py prune_throttle_counts`); how many."""
    deleted, _ = ThrottleCount.objects.filter(expires_at__lte=_timestamp(_now())).delete()
    return deleted


def _longest_wait(tries: tuple[tuple[str, str], ...]) -> int:
    return max((wait_for(name, who) for name, who in tries), default=0)


# --- where the counts are kept: Redis (or memcached), else a table of their own ------------------


def _in_cache() -> bool:
    """Whether the throttle cache increments atomically on its server (INCR), so counts stay there."""
    return isinstance(_cache(), RedisCache | BaseMemcachedCache)


class _Window(NamedTuple):
    key: str
    seconds: int  # how long a window lasts
    end: int  # when this one is over, in seconds since the epoch


def _window(name: str, who: str) -> _Window:
    """The window of `name` that `who` counts in now."""
    seconds = limit(name).seconds
    number = int(_now() // seconds)
    return _Window(_key(name, who, number), seconds, (number + 1) * seconds)


def _timestamp(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _read(key: str) -> int:
    if _in_cache():
        return int(_cache().get(key, 0))
    found = ThrottleCount.objects.filter(key=key).values_list("count", flat=True).first()
    return found or 0


def _add(window: _Window, *, up_to: int | None) -> int | None:
    """One more in the window, atomically; the new count, or None (nothing counted) when the count
    has already reached `up_to`."""
    if _in_cache():
        return _add_in_cache(window, up_to)
    connection = connections[router.db_for_write(ThrottleCount)]
    quote = connection.ops.quote_name
    table, key_, count_, expires_ = map(quote, (ThrottleCount._meta.db_table, "key", "count", "expires_at"))
    # One statement: the row is made with 1, or its count goes up by one (only while below the
    # ceiling), and the count comes back. SQLite ≥ 3.35 and PostgreSQL both run it as one write.
    ceiling = f" WHERE {table}.{count_} < %s" if up_to is not None else ""
    sql = (
        f"INSERT INTO {table} ({key_}, {count_}, {expires_}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key_}) DO UPDATE SET {count_} = {table}.{count_} + 1{ceiling} "
        f"RETURNING {count_}"
    )
    expires_at = connection.ops.adapt_datetimefield_value(_timestamp(window.end))
    with connection.cursor() as cursor:
        cursor.execute(sql, [window.key, expires_at, *([] if up_to is None else [up_to])])
        rows = cursor.fetchall()  # read to the end: SQLite finishes (commits) the statement only then
    return int(rows[0][0]) if rows else None


def _add_in_cache(window: _Window, up_to: int | None) -> int | None:
    cache, key = _cache(), window.key
    cache.add(key, 0, timeout=window.seconds + 1)
    try:
        counted = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window.seconds + 1)
        counted = 1
    if up_to is not None and counted > up_to:  # one too many: taken back, this attempt not counted
        _subtract(key)
        return None
    return counted


def _subtract(key: str) -> None:
    if _in_cache():
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing left to take back
            _cache().decr(key)
    else:
        ThrottleCount.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)


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
