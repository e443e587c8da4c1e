"""Shared fixtures. Every test runs with the network blocked: the tool must never need it."""

from __future__ import annotations

import functools
import ipaddress
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

import auditor

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class NetworkBlocked(RuntimeError):
    pass


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)) and not isinstance(address, tuple):
        return True  # a Unix socket path
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Fail any attempt to reach a non-loopback address (browser tests talk to localhost)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            raise NetworkBlocked(f"test tried to reach the network: {address!r}")
        return real_connect(self, address, *args)

    def guarded_ex(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            raise NetworkBlocked(f"test tried to reach the network: {address!r}")
        return real_connect_ex(self, address, *args)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _local_getaddrinfo(socket.getaddrinfo))


def _local_getaddrinfo(real):
    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "localhost") and not _is_local((host,)):
            raise NetworkBlocked(f"test tried to resolve {host!r}")
        return real(host, *args, **kwargs)

    return getaddrinfo


@pytest.fixture
def seeds() -> Path:
    return SEEDS


CHATBOT_ARTICLE = ROOT / "tests" / "fixtures" / "ci" / "alpha.txt"  # carries an error (FM001)


def ci_articles(folder: Path) -> Path:
    """An incoming drop for the CI examples: the seeds (warnings and notes, no error) and
    one article with a chatbot leftover, so that `--fail-on error` gates the job."""
    shutil.copytree(SEEDS, folder)
    shutil.copy(CHATBOT_ARTICLE, folder / "incoming-chatbot.txt")
    return folder


@functools.lru_cache(maxsize=1)
def ci_counts() -> dict[str, int]:
    """What the CI examples must report for the drop `ci_articles` makes (documents,
    findings and each severity), from an audit run here: the tests check that every
    format tells the same story, not a figure copied by hand."""
    with tempfile.TemporaryDirectory() as tmp:
        result = auditor.audit(ci_articles(Path(tmp) / "articles"), config={}, jobs=1)
    counts = result.counts()
    return {"documents": len(result.documents), "findings": sum(counts.values()), **counts}


def github_summary_line(n: dict[str, int]) -> str:
    """The first line of the github format for counts `n` (as `ci_counts` gives them)."""
    def plural(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 or word == "info" else "s")
    return (f"::notice title=auditor::{n['documents']} documents: {plural(n['error'], 'error')}, "
            f"{plural(n['warning'], 'warning')}, {n['info']} info; 0 unreadable")


def seed_text(name_prefix: str) -> str:
    path = next(SEEDS.glob(f"{name_prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the labelled data lives in ../shared, beside the checkout)")
    return path
