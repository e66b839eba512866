"""A wall-clock budget for work on untrusted input: one pathological article must not hang a run.

Uses SIGALRM, so it applies in a process's main thread (the in-process engine and the process
pool); in other threads (Dask workers, ``watch`` run from a thread) the budget is not enforced
and the work simply runs to the end.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from crosswire.errors import StageError


class BudgetExceeded(StageError):
    """The work took longer than its budget."""


@contextmanager
def time_budget(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` inside the block once ``seconds`` have passed (0: no budget)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise BudgetExceeded(f"{what} took longer than {seconds:g} s (limits.article_seconds)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
