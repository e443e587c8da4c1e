"""Adversarial inputs and hostile conditions: the tool finishes, says what went wrong in
one line naming the file or key, exits with the right code, and never leaves a broken or
mixed report behind. One case per failure seen on real drops (issue 10).

Slow or external cases run the command line in a subprocess with a hard timeout, so a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from auditor.checks.farm import FarmCheck
from auditor.cli import main
from auditor.config import Config
from auditor.corpus import Document, load_inputs
from auditor.engine import run_audit
from conftest import ROOT, SEEDS

ARTICLE = ("Headline of the story\n\nThe ministry approved 14 new models on Monday, officials said. "
           "Critics said the pace of approvals was too fast for regulators to follow.\n")


def cli(args, cwd, timeout=120, env=None, preexec=None):
    """Run `python -m auditor ARGS` in `cwd`; returns the CompletedProcess."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("AUDITOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=full_env, preexec_fn=preexec)


class Ran:
    """What an in-process run of the command line returned and printed."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(monkeypatch, capsys):
    """Run the command line in this process (no interpreter start-up) from a folder."""
    def runner(args, cwd) -> Ran:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Ran(code, out, err)
    return runner


def one_line_error(proc) -> str:
    """The error a failed run printed: exactly one 'auditor: error:' line, no traceback."""
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("auditor: error:")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


def leftovers(parent: Path) -> list[str]:
    """Temporary folders and lock files auditor might leave beside an output folder."""
    return sorted(p.name for p in parent.iterdir() if ".auditor-" in p.name)


def wait_for_no_leftovers(parent: Path, seconds: float = 30) -> list[str]:
    """The janitor cleans up after a killed run within a moment; wait for it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and leftovers(parent):
        time.sleep(0.1)
    return leftovers(parent)


def write_drop(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(ARTICLE.replace("14", str(14 + i)), encoding="utf-8")
    return folder


# --- inputs -------------------------------------------------------------------------


def test_fifo_in_a_folder_is_a_load_error_not_a_hang(tmp_path):
    drop = write_drop(tmp_path / "drop")
    os.mkfifo(drop / "x.txt")
    proc = cli(["check", drop, "--exit-zero"], tmp_path, timeout=60)
    assert proc.returncode == 0
    assert f"auditor: {drop / 'x.txt'}: a FIFO (named pipe), not a regular file" in proc.stderr
    assert "3 documents" in proc.stdout


def test_symlink_leaving_the_folder_is_refused_unless_followed(tmp_path, run):
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Headline\n\nThe private figure is 987654 and must not be published.\n", encoding="utf-8")
    drop = write_drop(tmp_path / "drop")
    (drop / "link.txt").symlink_to(secret)
    (drop / "inside.txt").symlink_to(drop / "a0.txt")  # a link within the folder is fine
    docs, errors = load_inputs([str(drop)])
    assert [e.error for e in errors] == [
        f"symbolic link to {secret}, outside {drop}: not followed (use --follow-symlinks)"]
    assert all("987654" not in d.text for d in docs)
    proc = run(["audit", drop, "-o", tmp_path / "out", "-q"], tmp_path)
    assert proc.returncode == 0
    assert "987654" not in (tmp_path / "out" / "audit.json").read_text(encoding="utf-8")
    proc = run(["audit", drop, "-o", tmp_path / "out2", "-q", "--follow-symlinks"], tmp_path)
    assert proc.returncode == 0 and "987654" in (tmp_path / "out2" / "audit.json").read_text(encoding="utf-8")


def test_output_folder_inside_the_input_is_never_audited(tmp_path, run):
    drop = write_drop(tmp_path / "drop")
    for _ in range(2):
        proc = run(["audit", drop, "-o", drop / "reports", "-q"], tmp_path)
        assert proc.returncode == 0, proc.stderr
        data = json.loads((drop / "reports" / "audit.json").read_text(encoding="utf-8"))
        assert data["summary"]["documents"] == 3 and data["summary"]["load_errors"] == 0
    # Another run's report folder in the drop is skipped too, and a report page named
    # explicitly is refused as what it is.
    proc = run(["audit", drop, "-o", tmp_path / "elsewhere", "-q"], tmp_path)
    data = json.loads((tmp_path / "elsewhere" / "audit.json").read_text(encoding="utf-8"))
    assert data["summary"]["documents"] == 3 and data["summary"]["load_errors"] == 0
    page = drop / "reports" / "docs" / "a0.html"
    _docs, errors = load_inputs([str(page)])
    assert [e.error for e in errors] == ["a report page written by auditor, not an article"]


@pytest.mark.parametrize("escape, character", [("\\ud800", "\ud800"), ("\\u0000", "\x00")])
def test_lone_surrogate_or_nul_in_jsonl_is_replaced_and_noted(tmp_path, run, escape, character):
    records = [{"id": "bad", "text": f"Headline\n\nA bad {escape} character, and 14 models approved.\n"},
               {"id": "good", "text": ARTICLE}]
    (tmp_path / "drop.jsonl").write_text("".join(json.dumps(r).replace("\\\\", "\\") + "\n" for r in records),
                                         encoding="utf-8")
    raw = (tmp_path / "drop.jsonl").read_text(encoding="utf-8")
    assert escape in raw  # the file really carries the escape
    proc = run(["audit", tmp_path / "drop.jsonl", "-o", tmp_path / "out", "-q"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"auditor: note: {tmp_path / 'drop.jsonl'}[bad]: 1 invalid character (lone surrogates or NUL) " \
           "replaced with U+FFFD" in proc.stderr
    data = json.loads((tmp_path / "out" / "audit.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["bad", "good"]
    bad = data["documents"][0]
    assert bad["notes"] == ["1 invalid character (lone surrogates or NUL) replaced with U+FFFD"]
    assert character not in json.dumps(data, ensure_ascii=False)
    assert "A bad \ufffd character" in (tmp_path / "out" / "docs" / "bad.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["shift_jis", "gb18030", "euc_jp"])
def test_legacy_cjk_encodings_are_read(tmp_path, encoding):
    text = {"shift_jis": "東京で新しい人工知能モデルが承認されました。政府は四十のモデルを承認したと発表しました。",
            "euc_jp": "東京で新しい人工知能モデルが承認されました。政府は四十のモデルを承認したと発表しました。",
            "gb18030": "中国已批准超过四十个人工智能模型供公众使用。最新一批共有十四个模型获得批准。"}[encoding] * 4
    (tmp_path / "cjk.txt").write_bytes(("Title\n\n" + text + "\n").encode(encoding))
    docs, errors = load_inputs([str(tmp_path / "cjk.txt")])
    assert errors == [] and docs[0].text == "Title\n\n" + text + "\n"


def test_damaged_utf8_is_still_refused(tmp_path):
    (tmp_path / "x.txt").write_bytes(("Café “quotes” — ok " * 50).encode() + b"\xff tail")
    _docs, errors = load_inputs([str(tmp_path / "x.txt")])
    assert [e.error for e in errors] == ["undecodable bytes: invalid UTF-8 at byte 1300"]


def test_ids_keep_a_safe_file_stem(tmp_path):
    (tmp_path / "story-.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    docs, _ = load_inputs([str(tmp_path)])
    assert sorted(d.id for d in docs) == ["story", "story-"]


# --- configuration ------------------------------------------------------------------


@pytest.mark.parametrize("body, message", [
    ("[rules.DU001]\nnum_perm = 0\n", "rules.DU001.num_perm must be between 16 and 1024, got 0"),
    ("[rules.DU001]\nthreshold = nan\n", "rules.DU001.threshold must be between 0.05 and 1, got nan"),
    ("[rules.RD003]\nmax_words = -5\n", "rules.RD003.max_words must be between 1 and 100000, got -5"),
    ("time-budget = inf\n", "time-budget must be a number of seconds between 0.1 and 86400, got inf"),
    ("jobs = -1\n", "jobs must be a non-negative integer, got -1"),
])
def test_config_values_out_of_range_exit_2_naming_the_key(tmp_path, run, body, message):
    (tmp_path / ".auditor.toml").write_text(body, encoding="utf-8")
    write_drop(tmp_path / "drop")
    proc = run(["check", "drop"], tmp_path)
    assert proc.returncode == 2
    assert one_line_error(proc) == f"auditor: error: {tmp_path / '.auditor.toml'}: {message}"


def test_broken_pyproject_with_an_auditor_table_is_an_error(tmp_path, run):
    (tmp_path / "pyproject.toml").write_text("[tool.auditor]\nselect = [ST001\n", encoding="utf-8")
    write_drop(tmp_path / "drop")
    proc = run(["check", "drop"], tmp_path)
    assert proc.returncode == 2
    assert one_line_error(proc).startswith(f"auditor: error: {tmp_path / 'pyproject.toml'}: not valid TOML")
    # someone else's broken pyproject (no auditor table) is not our business
    (tmp_path / "pyproject.toml").write_text("[tool.black\nline-length = 3\n", encoding="utf-8")
    assert run(["check", "drop", "--exit-zero"], tmp_path).returncode == 0


# --- output -------------------------------------------------------------------------


def test_files_get_their_mode_from_the_umask(tmp_path, run):
    write_drop(tmp_path / "drop")
    old = os.umask(0o022)
    try:
        proc = run(["audit", "drop", "-o", "out", "-q"], tmp_path)
        proc2 = run(["check", "drop", "--exit-zero", "--format", "sarif", "-o", "out.sarif"], tmp_path)
    finally:
        os.umask(old)
    assert proc.returncode == 0 and proc2.returncode == 0
    for path in [tmp_path / "out" / "audit.json", tmp_path / "out" / "index.html", tmp_path / "out" / "docs" / "a0.html",
                 tmp_path / "out.sarif"]:
        assert oct(path.stat().st_mode & 0o777) == oct(0o644), path
    assert oct((tmp_path / "out").stat().st_mode & 0o777) == oct(0o755)


def test_a_new_report_replaces_the_old_one_whole(tmp_path, run):
    write_drop(tmp_path / "first", 3)
    write_drop(tmp_path / "second", 1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".gitkeep").write_text("", encoding="utf-8")
    assert run(["audit", "first", "-o", "out", "-q"], tmp_path).returncode == 0
    assert run(["audit", "second", "-o", "out", "-q"], tmp_path).returncode == 0
    assert sorted(p.name for p in (tmp_path / "out" / "docs").iterdir()) == ["a0.html"]
    assert (tmp_path / "out" / ".gitkeep").is_file()  # a hidden file auditor did not write is kept
    assert leftovers(tmp_path) == []


def test_a_folder_auditor_did_not_write_is_never_replaced(tmp_path, run):
    write_drop(tmp_path / "drop")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("my notes", encoding="utf-8")
    proc = run(["audit", "drop", "-o", "mine", "-q"], tmp_path)
    assert proc.returncode == 2
    assert one_line_error(proc) == (f"auditor: error: {tmp_path / 'mine'} holds files auditor did not write; choose an "
                                    "empty or new folder (auditor replaces its report folder as a whole)")
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["notes.txt"]
    assert leftovers(tmp_path) == []


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_write_failure_keeps_the_previous_report_and_exits_2(tmp_path, run):
    write_drop(tmp_path / "drop")
    assert run(["audit", "drop", "-o", "out", "-q"], tmp_path).returncode == 0
    before = (tmp_path / "out" / "audit.json").read_bytes()
    shutil.copy(SEEDS / "000_1ab227ac991bd81d.txt", tmp_path / "drop" / "big.txt")  # its page is over 20 kB
    proc = cli(["audit", "drop", "-o", "out", "-q"], tmp_path, preexec=_limit_file_size)
    assert proc.returncode == 2
    assert "File too large" in one_line_error(proc)
    assert (tmp_path / "out" / "audit.json").read_bytes() == before
    assert wait_for_no_leftovers(tmp_path) == []


def _unshare_available() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-rm", "true"], capture_output=True).returncode == 0


needs_mount_namespace = pytest.mark.skipif(not _unshare_available(),
                                           reason="unprivileged mount namespaces are unavailable")


def _in_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AUDITOR_DEBUG", None)
    return subprocess.run(["unshare", "-rm", "sh", "-c", textwrap.dedent(script)], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env=env)


@needs_mount_namespace
def test_disk_full_exits_2_and_leaves_nothing_behind(tmp_path):
    write_drop(tmp_path / "drop", 40)
    (tmp_path / "small").mkdir()
    proc = _in_namespace(f"""
        mount -t tmpfs -o size=48k tmpfs small
        {sys.executable} -m auditor audit drop -o small/out -q
        echo "rc=$?"
        ls -A small
    """, tmp_path)
    assert "rc=2" in proc.stdout, proc.stderr
    error = one_line_error(proc)
    assert error.startswith("auditor: error: ") and error.endswith(": No space left on device"), error
    assert "small/" in error  # names the file it could not write
    assert proc.stdout.split("rc=2")[1].split() == []  # nothing left in the full file system


@needs_mount_namespace
def test_read_only_output_and_archive_exit_2_naming_the_path(tmp_path, run):
    write_drop(tmp_path / "drop")
    (tmp_path / "ro").mkdir()
    assert run(["check", "drop", "--exit-zero", "--archive", "ro/archive.db", "--archive-add"], tmp_path).returncode == 0
    proc = _in_namespace(f"""
        mount --bind ro ro && mount -o remount,bind,ro ro
        {sys.executable} -m auditor audit drop -o ro/out -q; echo "audit=$?"
        {sys.executable} -m auditor check drop --exit-zero --archive ro/archive.db --archive-add; echo "archive=$?"
    """, tmp_path)
    assert "audit=2" in proc.stdout and "archive=2" in proc.stdout, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("auditor: error:")]
    assert len(errors) == 2
    assert "Read-only file system" in errors[0] and "ro" in errors[0]
    assert errors[1].startswith(f"auditor: error: ro/archive.db: cannot be written") and "readonly" in errors[1]


def test_a_second_run_into_the_same_folder_fails_clearly(tmp_path):
    write_drop(tmp_path / "drop", 2)
    blocker = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from auditor.outdir import ReportFolder\n"
                               "with ReportFolder('out'):\n    print('locked', flush=True); time.sleep(60)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert blocker.stdout.readline().strip() == "locked"
        proc = cli(["audit", "drop", "-o", "out", "-q"], tmp_path)
        assert proc.returncode == 2
        assert one_line_error(proc) == (f"auditor: error: {tmp_path / 'out'} is being written by another auditor run "
                                        f"(pid {blocker.pid}); try again when it has finished")
    finally:
        blocker.kill()
        blocker.wait()
    assert cli(["audit", "drop", "-o", "out", "-q"], tmp_path).returncode == 0  # the lock died with its holder
    assert wait_for_no_leftovers(tmp_path) == []


def _big_drop(path: Path, n: int = 1000) -> Path:
    """`n` short articles in one JSONL file: enough work for a run to be killed mid-way."""
    words = ("ministry approved models market growth data share rise fall report company city region policy "
             "court judge vote council budget school hospital river bridge station museum").split()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            body = " ".join(words[(i * 7 + k) % len(words)] for k in range(60))
            text = f"Story {i}\n\nThe {words[i % len(words)]} reported {i} cases on Monday. {body.capitalize()}.\n"
            handle.write(json.dumps({"id": f"r{i}", "text": text}) + "\n")
    return path


@pytest.mark.parametrize("kill_after", [0.5, 2.0, "staging-marked"])
def test_kill_9_leaves_the_old_report_or_the_new_one_and_no_debris(tmp_path, run, kill_after):
    old = _big_drop(tmp_path / "old.jsonl", 20)
    new = _big_drop(tmp_path / "new.jsonl", 1000)
    assert run(["audit", old, "-o", "out", "-q"], tmp_path).returncode == 0
    before = (tmp_path / "out" / "audit.json").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "audit", str(new), "-o", "out", "-q"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    if kill_after == "staging-marked":  # the moment the commit starts: marker written, swap next
        while time.monotonic() < deadline and proc.poll() is None and not list(tmp_path.glob(".out.auditor-tmp-*/.auditor-report")):
            time.sleep(0.005)
    else:
        time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    data = (tmp_path / "out" / "audit.json").read_bytes()
    if data == before:
        state = "old"
        assert len(list((tmp_path / "out" / "docs").iterdir())) == 20
    else:
        state = "new"
        summary = json.loads(data)["summary"]
        assert summary["documents"] == 1000
        assert len(list((tmp_path / "out" / "docs").iterdir())) == 1000
    assert (tmp_path / "out" / "index.html").is_file(), state
    assert wait_for_no_leftovers(tmp_path) == [], state


def test_interrupt_keeps_the_previous_report(tmp_path, run):
    assert run(["audit", _big_drop(tmp_path / "old.jsonl", 5), "-o", "out", "-q"], tmp_path).returncode == 0
    before = (tmp_path / "out" / "audit.json").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "audit", str(_big_drop(tmp_path / "new.jsonl")), "-o",
                             "out", "-q"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".out.auditor-tmp-*")):
        time.sleep(0.01)  # interrupt once the run is under way (its staging folder exists)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "auditor: interrupted" in err and "Traceback" not in err
    assert (tmp_path / "out" / "audit.json").read_bytes() == before
    assert wait_for_no_leftovers(tmp_path) == []


# --- the engine's last guards -------------------------------------------------------


def test_a_document_over_its_time_budget_becomes_a_load_error(tmp_path, run, monkeypatch):
    """A check that never ends on one document (here: it sleeps) is cut off by the budget;
    the document becomes a load error naming the check, the others are audited."""
    real_run = FarmCheck.run

    def stuck(self, ctx):
        if "STUCK" in ctx.text:
            time.sleep(60)
        return real_run(self, ctx)

    monkeypatch.setattr(FarmCheck, "run", stuck)
    write_drop(tmp_path / "drop", 2)
    (tmp_path / "drop" / "huge.txt").write_text(ARTICLE + "STUCK\n", encoding="utf-8")
    started = time.monotonic()
    proc = run(["check", "drop", "--time-budget", "0.5", "--exit-zero", "-j", "1"], tmp_path)
    assert time.monotonic() - started < 30
    assert proc.returncode == 0
    line = next(line for line in proc.stderr.splitlines() if "huge.txt" in line)
    assert line == (f"auditor: {Path('drop') / 'huge.txt'}: stopped after 0.5 s in the farm check "
                    "(the time budget per document; raise time-budget to allow more)")
    assert "2 documents" in proc.stdout


def test_a_check_failing_on_one_document_does_not_lose_the_batch(monkeypatch):
    real_run = FarmCheck.run

    def exploding(self, ctx):
        if "EXPLODE" in ctx.text:
            raise RuntimeError("boom")
        return real_run(self, ctx)

    monkeypatch.setattr(FarmCheck, "run", exploding)
    docs = [Document(id=f"d{i}", path=f"d{i}.txt", format="txt", text=ARTICLE + ("EXPLODE\n" if i == 1 else ""))
            for i in range(3)]
    result = run_audit(docs, [], Config(jobs=1))
    assert [a.document.id for a in result.documents] == ["d0", "d2"]
    assert [(e.path, e.error.split(" (")[0]) for e in result.load_errors] == [
        ("d1.txt", "internal error in the farm check: RuntimeError: boom")]


# --- bounded output -----------------------------------------------------------------


def test_identical_records_give_one_finding_each_not_one_per_pair(tmp_path):
    text = "Headline\n\n" + " ".join(["The council approved the new bridge budget after a long debate."] * 8) + "\n"
    with (tmp_path / "same.jsonl").open("w", encoding="utf-8") as handle:
        for i in range(300):
            handle.write(json.dumps({"id": f"r{i}", "text": text}) + "\n")
    proc = cli(["check", "same.jsonl", "--exit-zero", "--format", "json", "-o", "a.json", "--select", "duplicates"],
               tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    found = [f for d in data["documents"] for f in d["findings"]]
    assert len(found) == 300 and {f["rule"] for f in found} == {"DU001"}
    assert all(len(f["related"]) == 5 for f in found)
    assert found[0]["message"].endswith("and 294 more (Jaccard 1.00)")
    (cluster,) = data["corpus"]["duplicate_clusters"]
    assert len(cluster["documents"]) == 300 and len(cluster["pairs"]) == 299


def test_document_level_fingerprints_do_not_depend_on_the_first_line(tmp_path, run):
    def fingerprints(folder):
        proc = run(["check", folder, "--exit-zero", "--format", "json", "-o", tmp_path / "x.json"], tmp_path)
        assert proc.returncode == 0, proc.stderr
        data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
        return {(d["id"], f["rule"]): f["fingerprint"] for d in data["documents"] for f in d["findings"]
                if f["rule"] in ("DU003", "RD001", "RD004")}

    a = tmp_path / "a"
    shutil.copytree(SEEDS, a)
    before = fingerprints(a)
    for path in a.glob("*.txt"):
        path.write_text("An inserted first line\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = fingerprints(a)
    assert any(rule == "DU003" for _doc, rule in before)
    assert after == before


def test_a_device_or_pipe_as_output_is_written_not_replaced(tmp_path):
    """`-o /dev/null` is written to, not atomically replaced (as root, a rename would have
    put a regular file in place of the null device); shown here with a FIFO."""
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = cli(["check", SEEDS, "--format", f"json={fifo}", "--exit-zero", "-q", "-j", "1"], tmp_path)
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["summary"]["documents"] == 5
