"""A time budget per document: the last guard against an input no check anticipated.

Every check is linear in its input by construction; this is the belt to those braces. The
engine runs each document's checks inside a `TimeBudget`; when the budget runs out, the
check in progress is interrupted (SIGALRM, in the process that runs the document) and the
document becomes a load error naming that check, while the rest of the batch is audited.

Signals can only be used by a process's main thread: elsewhere (a library caller's worker
thread) the budget is not enforced.
"""

from __future__ import annotations

import signal
import threading


class BudgetExceeded(Exception):
    """A document took longer than its budget; `stage` is the check that was running."""

    def __init__(self, stage: str, seconds: float):
        super().__init__(f"stopped after {seconds:g} s in the {stage} check")
        self.stage = stage
        self.seconds = seconds


class TimeBudget:
    """`with TimeBudget(seconds) as budget: budget.stage = "farm"; ...`"""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.stage = "start"
        self._previous = None
        self._armed = False

    def _expired(self, signum, frame) -> None:
        raise BudgetExceeded(self.stage, self.seconds)

    def __enter__(self) -> "TimeBudget":
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self._armed = True
        return self

    def __exit__(self, *exc_info) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False
