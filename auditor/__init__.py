"""auditor: audit batches of content-farm articles for duplicates, boilerplate,
unsupported statistics, readability, content-farm tells and batch-wide inconsistencies.

From Python (a notebook, a script), `audit` does what `auditor check` does and returns the
AuditResult instead of printing it:

    import auditor
    result = auditor.audit(["seeds/"])
    result.counts()            # {'error': ..., 'warning': ..., 'info': ...}
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Mapping

from ._version import __version__
from .checks import get_rules
from .config import Config, ConfigError, load_config, parse_config, with_overrides
from .corpus import load_inputs
from .engine import run_audit
from .results import AuditResult, DocumentAudit

__all__ = ["AuditResult", "Config", "ConfigError", "DocumentAudit", "__version__", "audit"]


def audit(paths: str | os.PathLike | Iterable[str | os.PathLike], config: Any = None, *,
          jobs: int | None = None) -> AuditResult:
    """Audit the articles `paths` name (files, folders read recursively, globs; one path
    may be given on its own) and return the AuditResult.

    `config` is None (discover `.auditor.toml` or `pyproject.toml` from the working folder,
    as the command line does), the path of a configuration file, a mapping with the same
    keys as the file (`{"select": ["statistics"], "rules": {"RD003": {"max_words": 30}}}`),
    or a Config. `jobs` is the number of worker processes (default: the configuration's,
    else one per core); results never depend on it.

    Unreadable inputs are listed in `result.load_errors`; when nothing at all can be read,
    ValueError says why. A bad configuration raises ConfigError.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    arguments = [os.fspath(p) for p in paths]
    rules = get_rules()
    if config is None or isinstance(config, (str, os.PathLike)):
        settings = load_config(os.fspath(config) if config is not None else None, rules=rules)
    elif isinstance(config, Config):
        settings = config
    elif isinstance(config, Mapping):
        settings = parse_config(dict(config), "<config>", rules=rules)
    else:
        raise TypeError(f"config must be None, a file path, a mapping or a Config, not {type(config).__name__}")
    if jobs is not None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        settings = with_overrides(settings, rules=rules, jobs=jobs)
    documents, load_errors = load_inputs(arguments, max_bytes=settings.max_file_bytes)
    if not documents:
        reasons = "; ".join(f"{e.path}: {e.error}" for e in load_errors) or "no inputs"
        raise ValueError(f"no readable documents among the inputs ({reasons})")
    return run_audit(documents, load_errors, settings)


