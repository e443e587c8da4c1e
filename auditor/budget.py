"""A time budget per document: the last guard against an input no check anticipated.

Every check is linear in its input by construction; this is the belt to those braces. The
engine runs each document's checks inside a `TimeBudget`; when the budget runs out, the
check in progress is interrupted and the document becomes a load error naming that check,
while the rest of the batch is audited.

In a process's main thread (a local worker process) the interruption is SIGALRM. Other
threads (a Dask worker runs its tasks in a thread; a library caller's thread) cannot take
signals, so there a timer thread raises the exception in the document's thread instead
(`PyThreadState_SetAsyncExc`). Either way it lands between two Python bytecodes, so a
long call into C code is interrupted when it returns.
"""

from __future__ import annotations

import ctypes
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
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._done = False
        self._fired = False
        self._thread = 0

    def _expired(self, signum, frame) -> None:
        raise BudgetExceeded(self.stage, self.seconds)

    def __enter__(self) -> "TimeBudget":
        if threading.current_thread() is threading.main_thread():
            if hasattr(signal, "setitimer"):
                self._previous = signal.signal(signal.SIGALRM, self._expired)
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                self._armed = True
        elif self.seconds > 0:
            self._thread = threading.get_ident()
            self._done = self._fired = False
            self._timer = threading.Timer(self.seconds, self._interrupt)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _interrupt(self) -> None:
        """In the timer's thread: raise BudgetExceeded (with the stage running when it
        lands) in the document's thread, unless the budget has been left already."""
        budget = self

        class Expired(BudgetExceeded):
            def __init__(self) -> None:
                super().__init__(budget.stage, budget.seconds)

        with self._lock:
            if self._done:
                return
            self._fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread), ctypes.py_object(Expired))

    def __exit__(self, *exc_info) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False
        if self._timer is not None:
            with self._lock:
                self._done = True
                self._timer.cancel()
                if self._fired:  # raised, perhaps not landed yet: it must not land after the budget
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread), ctypes.c_void_p(0))
            self._timer = None
