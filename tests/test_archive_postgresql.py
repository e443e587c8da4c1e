"""The archive in PostgreSQL, against a real server the tests start (pgserver.py): the
same answers as the SQLite archive, byte-identical reports, several writers at once, a
cluster's workers reading it, and one-line errors that never show a password.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.archive import Archive, ArchiveError, PostgreSQLArchive, SQLiteArchive
from auditor.archive.postgresql import redacted
from auditor.signatures import SignatureParams, minhash_of, shingle_hashes
from conftest import ROOT, SEEDS
from pgserver import binaries, fresh_database, postgres_server
from test_archive import PARAMS, TEXT, _pairs_near_threshold, entry

psycopg = pytest.importorskip("psycopg")
pytestmark = pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (apt-get install postgresql)")


@pytest.fixture(scope="module")
def server():
    with postgres_server() as url:
        yield url


@pytest.fixture
def url(server, request):
    """A fresh database for each test."""
    name = "t_" + re.sub(r"\W", "_", request.node.name).lower()[:50]
    return fresh_database(server, name)


def cli(args, cwd, timeout=900) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AUDITOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_the_location_chooses_the_store(tmp_path, url):
    sqlite = Archive(tmp_path / "a.db", PARAMS)
    postgres = Archive(url, PARAMS)
    assert type(sqlite) is SQLiteArchive and type(postgres) is PostgreSQLArchive
    sqlite.close()
    postgres.close()


def test_round_trip_and_idempotence(url):
    archive = Archive(url, PARAMS)
    assert archive.add([entry(TEXT), entry("Something else entirely about floods in the north.", "b")]) == 2
    assert archive.add([entry(TEXT)]) == 0  # the same document again changes nothing
    archive.close()
    reopened = Archive(url, PARAMS)
    assert len(reopened) == 2
    shingles = shingle_hashes(TEXT, 5)
    (match,) = reopened.near_duplicates(minhash_of(shingles, 128).hashvalues, shingles, 0.8)
    assert (match.id, match.path, match.title, match.jaccard) == ("a", "a.txt", "Title a", 1.0)
    assert reopened.near_duplicates(minhash_of(shingles, 128).hashvalues, shingles, 0.8, exclude=entry(TEXT)[0]) == []
    reopened.close()


def test_incompatible_parameters_are_refused(url):
    Archive(url, PARAMS).close()
    with pytest.raises(ArchiveError, match=r"built with other signature parameters \(.*num_perm: archive 128, this run 64"):
        Archive(url, SignatureParams(shingle=5, num_perm=64, threshold=0.8))


def test_same_answers_as_sqlite(tmp_path, url):
    """Near-duplicates (pairs around the threshold, where banding decides) and facts: the
    two stores answer alike, in the same order."""
    texts = _pairs_near_threshold(40)
    facts = [{"start": 0, "end": 2, "text": str(n), "value": float(n), "bound": "exact", "unit": "count",
              "counted": "model", "scope": [], "upper": None} for n in range(len(texts))]
    entries = [(*entry(text, f"d{i}")[:6], [facts[i]] if i % 3 else []) for i, text in enumerate(texts)]
    stores = [Archive(tmp_path / "a.db", PARAMS), Archive(url, PARAMS)]
    for store in stores:
        assert store.add(entries[::2]) == len(entries[::2])
    for i in range(1, len(texts), 2):
        shingles = shingle_hashes(texts[i], 5)
        minhash = minhash_of(shingles, 128).hashvalues
        answers = [store.near_duplicates(minhash, shingles, 0.8) for store in stores]
        assert answers[0] == answers[1]
    keys = [("count", "model", ()), ("percent", "nothing", ())]
    assert list(stores[0].facts_for(keys)) == list(stores[1].facts_for(keys))
    assert len(list(stores[1].facts_for(keys))) == len([e for e in entries[::2] if e[6]])
    for store in stores:
        store.close()


def _drops(folder: Path) -> tuple[Path, Path]:
    """Last week's drop (the seeds) and this week's: copies of the seeds with their
    figures changed (near-duplicates of archived documents whose facts conflict)."""
    last, this = folder / "last", folder / "this"
    shutil.copytree(SEEDS, last)
    this.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"\d", lambda m: str((int(m.group()) + 3) % 10), text)
        (this / f"new-{path.name}").write_text(changed, encoding="utf-8")
    return last, this


def test_reports_are_byte_identical_with_sqlite(tmp_path, url):
    last, this = _drops(tmp_path)
    for name, archive in (("sqlite", tmp_path / "archive.db"), ("postgresql", url)):
        proc = cli(["audit", last, "-o", tmp_path / f"{name}-last", "-q", "--archive", archive, "--archive-add"],
                   tmp_path)
        assert proc.returncode == 0, proc.stderr
        proc = cli(["audit", this, "-o", tmp_path / f"{name}-this", "-q", "--archive", archive], tmp_path)
        assert proc.returncode == 0, proc.stderr
    for report in ("last", "this"):
        assert (tmp_path / f"sqlite-{report}" / "audit.json").read_bytes() == \
            (tmp_path / f"postgresql-{report}" / "audit.json").read_bytes()
    audit = json.loads((tmp_path / "postgresql-this" / "audit.json").read_bytes())
    messages = [f["message"] for d in audit["documents"] for f in d["findings"]]
    assert any("near-duplicate of archived" in m for m in messages)
    assert any(f["rule"] == "CO001" and "in archived" in f["message"] for d in audit["documents"] for f in d["findings"])
    assert audit["corpus"]["archive_matches"]


def test_several_writers_at_once(tmp_path, url):
    """Four runs add their drops to one archive at the same time: all succeed, and a
    document two of them share is stored once."""
    drops = []
    for n in range(4):
        drop = tmp_path / f"drop-{n}"
        drop.mkdir()
        for k in range(5):
            (drop / f"a{n}-{k}.txt").write_text(f"Story {n}-{k}\n\n{TEXT} Item {n} {k} of the drop.\n", encoding="utf-8")
        (drop / "shared.txt").write_text(f"Shared story\n\n{TEXT}\n", encoding="utf-8")
        drops.append(drop)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-m", "auditor", "check", str(drop), "-q", "--archive", url,
                              "--archive-add", "--fail-on", "never"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for drop in drops]
    results = [run.communicate(timeout=900) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [err for _out, err in results]
    archive = Archive(url, PARAMS)
    assert len(archive) == 4 * 5 + 1
    archive.close()


def test_workers_of_a_cluster_read_the_archive(tmp_path, url):
    pytest.importorskip("distributed")
    last, this = _drops(tmp_path)
    assert cli(["check", last, "-q", "--archive", url, "--archive-add", "--fail-on", "never"], tmp_path).returncode == 0
    local = cli(["audit", this, "-o", tmp_path / "local", "-q", "--archive", url], tmp_path)
    remote = cli(["audit", this, "-o", tmp_path / "dask", "-q", "--archive", url, "--executor", "dask", "-j", "2"],
                 tmp_path)
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert (tmp_path / "local" / "audit.json").read_bytes() == (tmp_path / "dask" / "audit.json").read_bytes()


def test_errors_are_one_line_without_the_password(tmp_path):
    proc = cli(["check", SEEDS, "--archive", f"postgresql://auditor:s3cret@/nothing?host={tmp_path}&port=1"], tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "s3cret" not in proc.stderr
    (line,) = [line for line in proc.stderr.splitlines() if line.startswith("auditor: error:")]
    assert line.startswith("auditor: error: postgresql://auditor:***@/nothing?host=")
    assert "cannot connect" in line


def test_redacted():
    assert redacted("postgresql://u:p@h/db") == "postgresql://u:***@h/db"
    assert redacted("postgresql://h/db?password=p&sslmode=require") == "postgresql://h/db?password=***&sslmode=require"
    assert redacted("postgresql://u@h/db") == "postgresql://u@h/db"
