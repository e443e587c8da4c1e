"""Reporters: each output format is one small module behind one function signature.

A stream reporter is `render(result: AuditResult, *, fail_on: str) -> str` (`fail_on` is
the gate's level, which JUnit uses to decide what is a failure); the HTML reporter writes a
folder. Reporters never analyse: everything they show is in the AuditResult.
"""

from __future__ import annotations

from typing import Callable

from . import github, junit, sarif
from . import json as json_report
from . import text as text_report

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
}
