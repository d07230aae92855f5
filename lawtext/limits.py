"""What one report may take before it becomes an error row instead of stalling or blowing
up a batch: wall time, bytes, unpacked bytes, characters and pages.

The limits travel with each file to the worker that reads it and hold there; a report over
one gets a :class:`~lawtext.errors.LimitExceededError` that names the limit, the value and
how to raise it (``lawtext analyze --limits seconds=600,pages=5000``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Any

from lawtext.errors import LimitExceededError


@dataclass(frozen=True)
class Limits:
    """Per-report limits; the defaults are far above any real report's needs."""

    seconds: float = 120.0
    """Wall time to read and analyse the report (enforced where the worker runs it in its
    main thread: this process or a pool worker, not a Dask worker's thread)."""
    megabytes: float = 200.0
    """Size of the file."""
    unpacked_megabytes: float = 1000.0
    """Size of a Word file's parts once unpacked (a zip bomb is far over it)."""
    chars: int = 5_000_000
    """Characters of text read from the file."""
    pages: int = 5000
    """Pages of a PDF."""

    @classmethod
    def parse(cls, spec: str) -> Limits:
        """Limits from ``name=value,…`` over the defaults (``seconds=600,pages=10000``);
        a ValueError names a bad entry and the known names."""
        names = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for entry in filter(None, (e.strip() for e in spec.split(","))):
            name, _, value = entry.partition("=")
            if name not in names:
                raise ValueError(f"--limits {entry}: no limit {name!r}; limits: {', '.join(names)}")
            try:
                number = (int if names[name].type in (int, "int") else float)(value)
            except ValueError:
                raise ValueError(f"--limits {entry}: {value!r} is not a number") from None
            if number <= 0:
                raise ValueError(f"--limits {entry}: a limit must be above 0")
            values[name] = number
        return replace(cls(), **values)

    def check(self, name: str, value: float, what: str, limit: str) -> None:
        """Raise :class:`LimitExceededError` when ``value`` is over the limit ``limit``."""
        allowed = getattr(self, limit)
        if value > allowed:
            raise LimitExceededError(f"{name}: {what} {_number(value)} is over the limit of {_number(allowed)} "
                                     f"(raise it with --limits {limit}=…)")


def _number(x: float) -> str:
    """1,234,567 for large numbers, three significant digits for small ones (0.00712)."""
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


_active = threading.local()


def active() -> Limits:
    """The limits in force in this thread (the defaults unless :func:`applied`)."""
    return getattr(_active, "limits", None) or Limits()


@contextmanager
def applied(limits: Limits, name: str) -> Iterator[None]:
    """Put ``limits`` in force for reading the file ``name``; in a main thread, the wall
    time too (a timer raises :class:`LimitExceededError` when it runs out)."""
    previous = getattr(_active, "limits", None)
    _active.limits = limits
    timed = threading.current_thread() is threading.main_thread()
    if timed:
        def out_of_time(signum: int, frame: object) -> None:
            raise LimitExceededError(f"{name}: reading took more than {_number(limits.seconds)} seconds "
                                     "(raise it with --limits seconds=…)")

        old_handler = signal.signal(signal.SIGALRM, out_of_time)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        yield
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        _active.limits = previous
