"""What one report may take before it becomes an error row instead of stalling or blowing
up a batch: wall time, bytes, unpacked bytes, characters and pages.

The limits travel with each file to the worker that reads it and hold there; a report over
one gets a :class:`~lawtext.errors.LimitExceededError` that names the limit, the value and
how to raise it (``lawtext analyze --limits seconds=600,pages=5000``).

The wall time is a timer that Python code answers. Code in a C library that holds on (a
parser quadratic in some input) does not answer it, so a worker process of a pool is also
:func:`hardened`: the kernel ends it at half as much CPU time again, and refuses it memory
over ``memory`` megabytes; the pool then reads that report in a process of its own and
turns its end into an error row naming the limit.
"""

from __future__ import annotations

import math
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields, replace
from functools import cache
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
    """Pages of a PDF or a multi-page TIFF."""
    ocr_pages: int = 200
    """Pages read by OCR (a scanned PDF's pages without a text layer, an image's frames)."""
    ocr_seconds: float = 60.0
    """Wall time added to ``seconds`` for each page read by OCR (about 12 s a page on two
    cores), so that a long scan is not cut off while a report without scans keeps its limit."""
    ocr_memory: float = 1500.0
    """Megabytes added to ``memory`` once a report has pages to read by OCR: the engine's
    models and buffers (a page image is scaled to at most 4,000 pixels, and the detector's
    input to 2,000, so this does not grow with the page)."""
    memory: float = 600.0
    """Megabytes of memory a worker process may allocate, beyond what it holds, while it
    reads the report (enforced in the processes of a pool, :func:`hardened`)."""

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


def extend(seconds: float = 0.0, megabytes: float = 0.0) -> None:
    """Give the report being read ``seconds`` more wall time and ``megabytes`` more memory,
    for work whose size is known only once the file is open (OCR: :attr:`Limits.ocr_seconds`
    a page, :attr:`Limits.ocr_memory` once). The timer of :func:`applied`, the kernel's
    CPU-time and memory limits of a :func:`hardened` process and the wait of a process
    reading the report alone (:func:`on_extend`) move on by as much."""
    _active.extended = getattr(_active, "extended", 0.0) + seconds
    if seconds and getattr(_active, "timed", False):
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining + seconds)
    if getattr(_active, "cpu_limited", False):
        import resource

        more_cpu, more_data = math.ceil(seconds * 1.5), int(megabytes * 1e6)
        for kind, more in ((resource.RLIMIT_CPU, more_cpu), (resource.RLIMIT_DATA, more_data)):
            soft, hard = resource.getrlimit(kind)
            if more and soft >= 0:
                resource.setrlimit(kind, (soft + more if hard < 0 else min(soft + more, hard), hard))
    if seconds and _listener is not None:
        _listener(float(seconds))


_listener: Callable[[float], None] | None = None


def on_extend(listener: Callable[[float], None] | None) -> None:
    """Call ``listener`` with the seconds of every :func:`extend` in this process (a process
    reading one report tells its parent how much longer to wait)."""
    global _listener
    _listener = listener


def out_of_time(name: str, limits: Limits, extended: float = 0.0) -> LimitExceededError:
    """The error of a report whose reading ran over ``limits.seconds`` (and the ``extended``
    seconds its OCR was given)."""
    if extended:
        return LimitExceededError(f"{name}: reading took more than {_number(limits.seconds + extended)} seconds, "
                                  f"{_number(extended)} of them for OCR (raise it with --limits ocr_seconds=…)")
    return LimitExceededError(f"{name}: reading took more than {_number(limits.seconds)} seconds "
                              "(raise it with --limits seconds=…)")


def out_of_memory(name: str, limits: Limits) -> LimitExceededError:
    """The error of a report whose reading needed more than ``limits.memory`` megabytes."""
    return LimitExceededError(f"{name}: reading needed more than {_number(limits.memory)} megabytes of memory "
                              "(raise it with --limits memory=…)")


def cpu_seconds(limits: Limits) -> int:
    """The CPU time at which the kernel ends a :func:`hardened` process reading a report:
    half as much again as the wall-time limit, and a second, so the timer speaks first."""
    return math.ceil(limits.seconds * 1.5 + 1)


_active = threading.local()
_hard = False


def active() -> Limits:
    """The limits in force in this thread (the defaults unless :func:`applied`)."""
    return getattr(_active, "limits", None) or Limits()


def harden() -> None:
    """Make this process's :func:`applied` limits hard (for worker processes only: the
    kernel ends a process over its CPU time)."""
    global _hard
    _hard = True


def hardened() -> bool:
    """Whether :func:`harden` was called in this process."""
    return _hard


def _data_bytes() -> int:
    """The size of this process's data segment (Linux's VmData; 0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next((ln for ln in status if ln.startswith("VmData:")), "VmData: 0 kB")
    except OSError:
        return 0
    return int(line.split()[1]) * 1024


def return_freed_memory() -> None:
    """Hand the heap's freed pages back to the system (glibc's ``malloc_trim``; nothing
    where there is none), and those Arrow's memory pool keeps for reuse (tables written to
    Parquet leave tens of megabytes there at 5,000 reports), so that a process does not keep
    the peak of its last step (a report, a corpus-wide table) for the rest of its life, and
    the next step's peak does not come on top of it."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    arrow = sys.modules.get("pyarrow")  # not imported for this: a process without tables has no pool
    if arrow is not None:
        arrow.default_memory_pool().release_unused()


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, found once per process (finding the C library runs
    ``ldconfig``: 4 ms, once per report when it was looked up every time); None without glibc."""
    import ctypes
    import ctypes.util

    with suppress(OSError, AttributeError, TypeError):
        trim: Callable[[int], int] = ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
        return trim
    return None


@contextmanager
def forking() -> Iterator[None]:
    """Around starting forked processes: the objects alive now are left out of the garbage
    collector's passes in those processes (``gc.freeze``). A child begins sharing its
    parent's pages, and a collection that marked every object it inherited would make it
    copy each page of the parent's heap. This process collects them again after the block."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _kernel_limits(limits: Limits) -> Iterator[None]:
    """Within the block, the kernel limits the CPU time from now and the growth of the data
    segment from its present size."""
    import resource

    cpu, data = resource.getrlimit(resource.RLIMIT_CPU), resource.getrlimit(resource.RLIMIT_DATA)
    used = resource.getrusage(resource.RUSAGE_SELF)
    resource.setrlimit(resource.RLIMIT_CPU,
                       (math.ceil(used.ru_utime + used.ru_stime) + cpu_seconds(limits), cpu[1]))
    allowed = _data_bytes() + int(limits.memory * 1e6)
    resource.setrlimit(resource.RLIMIT_DATA, (allowed if data[1] < 0 else min(allowed, data[1]), data[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, cpu)
        resource.setrlimit(resource.RLIMIT_DATA, data)
        return_freed_memory()


@contextmanager
def applied(limits: Limits, name: str) -> Iterator[None]:
    """Put ``limits`` in force for reading the file ``name``; in a main thread, the wall
    time too (a timer raises :class:`LimitExceededError` when it runs out), and in a
    :func:`hardened` process the kernel's CPU time and memory limits."""
    previous = getattr(_active, "limits", None)
    _active.limits = limits
    timed = threading.current_thread() is threading.main_thread()
    if timed:
        def on_alarm(signum: int, frame: object) -> None:
            raise out_of_time(name, limits, getattr(_active, "extended", 0.0))

        old_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    _active.timed, _active.cpu_limited, _active.extended = timed, timed and _hard, 0.0
    try:
        if timed and _hard:
            with _kernel_limits(limits):
                yield
        else:
            yield
    finally:
        _active.timed = _active.cpu_limited = False
        _active.extended = 0.0
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        _active.limits = previous
