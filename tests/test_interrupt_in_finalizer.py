"""^C stops a run even when it lands in a finalizer.

Python runs the SIGINT handler wherever the main thread is; when that is a `__del__` (an
object freed, or the garbage collector clearing cycles, such as the ones NLTK's regular
expressions leave behind at import), the KeyboardInterrupt is printed as "Exception ignored"
and swallowed, and the run would carry on and replace the report. The command line
remembers such an interrupt and stops before it writes anything.
"""

from __future__ import annotations

import signal

from auditor.checks.farm import FarmCheck
from auditor.cli import main

ARTICLE = ("Headline of the story\n\nThe ministry approved 14 new models on Monday, officials said. "
           "Critics said the pace of approvals was too fast for regulators to follow.\n")


class InterruptedFinalizer:
    """Its finalizer receives ^C, which Python then swallows."""

    def __del__(self):
        signal.raise_signal(signal.SIGINT)
        for _ in range(100):  # the handler runs here, inside the finalizer
            pass


def test_an_interrupt_swallowed_by_a_finalizer_still_stops_the_run(tmp_path, monkeypatch, capsys):
    drop = tmp_path / "drop"
    drop.mkdir()
    for i in range(3):
        (drop / f"a{i}.txt").write_text(ARTICLE.replace("14", str(14 + i)), encoding="utf-8")
    assert main(["audit", str(drop), "-o", str(tmp_path / "out"), "-q", "-j", "1"]) == 0
    before = (tmp_path / "out" / "audit.json").read_bytes()
    capsys.readouterr()
    real_run = FarmCheck.run

    def run(self, ctx):
        InterruptedFinalizer()  # freed at once
        return real_run(self, ctx)

    monkeypatch.setattr(FarmCheck, "run", run)
    (drop / "a0.txt").write_text(ARTICLE.replace("14", "99"), encoding="utf-8")
    assert main(["audit", str(drop), "-o", str(tmp_path / "out"), "-q", "-j", "1"]) == 130
    err = capsys.readouterr().err
    assert "auditor: interrupted" in err and "Traceback" not in err and "Exception ignored" not in err
    assert (tmp_path / "out" / "audit.json").read_bytes() == before
    assert main(["check", str(drop), "-q", "-j", "1"]) == 130
    assert "auditor: interrupted" in capsys.readouterr().err
