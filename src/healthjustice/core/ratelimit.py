"""Counting what one client does in a window of time, in Django's cache.

Windows follow the clock (an hourly limit resets on the hour), so the page that refuses a request
can say when to try again. Every web process must share the cache for the count to be right:
the default in-memory cache is per process, so production with several processes uses Redis
(`CACHE_URL`, see `.env.example`).
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window: timedelta

    def _key(self, client: str, now: float) -> tuple[str, float]:
        seconds = int(self.window.total_seconds())
        bucket = int(now // seconds)
        # A client's address is personal data: the cache holds only a keyed hash of it.
        digest = salted_hmac("healthjustice.core.ratelimit", client).hexdigest()[:32]
        return f"ratelimit:{self.name}:{digest}:{bucket}", float((bucket + 1) * seconds)

    def count(self, client: str) -> int:
        key, _ends = self._key(client, time.time())
        return int(cache.get(key, 0))

    def hit(self, client: str) -> int:
        """Count one more for `client` in the current window; the count so far."""
        now = time.time()
        key, ends = self._key(client, now)
        timeout = int(ends - now) + 1
        # add() leaves an existing count alone, so that incr() counts every concurrent hit.
        cache.add(key, 0, timeout=timeout)
        try:
            return int(cache.incr(key))
        except ValueError:
            # The window ended between add() and incr().
            cache.set(key, 1, timeout=int(self.window.total_seconds()) + 1)
            return 1

    def used_up(self, client: str) -> bool:
        return self.count(client) >= self.limit

    def window_ends(self) -> datetime:
        """When the current window ends and the count starts again."""
        _key, ends = self._key("", time.time())
        return datetime.fromtimestamp(ends, tz=UTC)


@dataclass(frozen=True)
class PublicFormLimits:
    """The two limits on a form anyone may send: on tries (every POST counts) and on what was
    actually sent (counted by the caller once it is saved)."""

    attempts: RateLimit
    submissions: RateLimit

    @classmethod
    def per_hour(cls, name: str, *, attempts: int, submissions: int) -> "PublicFormLimits":
        hour = timedelta(hours=1)
        return cls(
            attempts=RateLimit(f"{name}_attempt", limit=attempts, window=hour),
            submissions=RateLimit(name, limit=submissions, window=hour),
        )

    def refusal(self, client: str) -> RateLimit | None:
        """Count this try; the limit that refuses it, if one does."""
        if self.attempts.hit(client) > self.attempts.limit:
            return self.attempts
        if self.submissions.used_up(client):
            return self.submissions
        return None
