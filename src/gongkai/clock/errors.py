"""The one error the clock raises: its message is a Chinese sentence a clerk can read."""

from __future__ import annotations


class ClockError(ValueError):
    """Bad input to the clock (a date that cannot be, a range the wrong way round, ...)."""
