"""Limits on student code inside the grader's worker process.

`time_limit` interrupts a check that runs too long by raising `StudentCodeTimeout`, a
`BaseException`, so a student's `except Exception:` cannot swallow it. Code that never returns
to the interpreter (a long C call) is stopped by the grader's watchdog, which kills the worker.
`limit_memory` caps the worker's address space, so a huge allocation is a `MemoryError` in the
student's frame rather than a machine that swaps.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

DEFAULT_CHECK_SECONDS = 5.0  # a check's time limit unless its `grades` marker sets `timeout`


def check_time_limit(item: Any) -> float:
    """The time limit of a pytest check item, from its `@pytest.mark.grades(..., timeout=S)`."""
    marker = item.get_closest_marker("grades")
    return float(marker.kwargs.get("timeout", DEFAULT_CHECK_SECONDS)) if marker else DEFAULT_CHECK_SECONDS


class StudentCodeTimeout(BaseException):
    """Student code ran past its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `StudentCodeTimeout` in the main thread if the block runs longer than `seconds`."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield  # no interval timers here: the watchdog is the only limit
        return

    def interrupt(signum: int, frame: object) -> None:
        raise StudentCodeTimeout(f"did not finish within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space at `max_bytes` (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
