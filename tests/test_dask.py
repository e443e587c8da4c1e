"""The audit on a Dask cluster (issue 13): a real scheduler and worker processes on this
machine give the same audit.json as the local executor, byte for byte, on the seeds and
on a 2,000-article drop of real text; a worker killed in the middle of a run costs
retries, not the audit; a document that fails on a worker becomes a load error, as
locally; workers that cannot see the run's files stop the run before any work.

Every run is a separate process with a hard timeout, and nothing here measures time: the
machine may be loaded. Skipped when the dask extra is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_scale import DEFAULT_SOURCES, build_drop, read_articles  # noqa: E402  (the benchmark's drop)

pytest.importorskip("distributed")

DASK = Path(sys.executable).with_name("dask")
RUN_TIMEOUT = 1800  # seconds: a hard limit for one audit of the 2,000-article drop on a loaded machine
REPORT_FILES = ("audit.json", "findings.csv", "documents.csv", "facts.csv", "index.html")


def cli(args, cwd, timeout=RUN_TIMEOUT, env=None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("AUDITOR_DEBUG", None)
    full_env.pop("AUDITOR_SCHEDULER", None)
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=full_env)


def one_line_error(proc) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("auditor: error:")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


# --- a cluster of real processes ----------------------------------------------------------


def _scheduler_address(path: Path, process: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with {process.returncode}")
        try:
            return json.loads(path.read_text(encoding="utf-8"))["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.2)
    raise RuntimeError("dask scheduler did not start")


def _wait_for_workers(address: str, count: int, timeout: float = 180) -> None:
    from distributed import Client

    with Client(address, timeout=60, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=timeout)


@contextmanager
def cluster(folder: Path, workers: int = 2, preload: Path | None = None, wrap: list[str] | None = None):
    """`dask scheduler` and `workers` x `dask worker` (one thread each, no nanny: a killed
    worker stays dead) on 127.0.0.1; yields (address, worker processes). `wrap` runs the
    workers under another command (a mount namespace)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    file = folder / "scheduler.json"
    log = open(folder / "cluster.log", "wb")
    processes = []
    try:
        scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(file)], cwd=folder, env=env, stdout=log, stderr=log)
        processes.append(scheduler)
        address = _scheduler_address(file, scheduler)
        started = []
        for n in range(workers):
            command = [str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                       "--local-directory", str(folder / f"worker-{n}"), "--name", f"w{n}"]
            if preload:
                command += ["--preload", str(preload)]
            worker = subprocess.Popen((wrap or []) + command, cwd=folder, env=env, stdout=log, stderr=log)
            processes.append(worker)
            started.append(worker)
        _wait_for_workers(address, workers)
        yield address, started
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


# --- inputs ---------------------------------------------------------------------------------

def real_drop(path: Path, size: int = 2000, seed: int = 1729) -> Path:
    """A drop of `size` articles from the three real drops in ../shared/eval/real: the
    originals, then copies with about 40% of their sentences swapped for others' (built by
    benchmarks/bench_scale.py, the benchmark's own drop)."""
    for source in DEFAULT_SOURCES:
        if not source.exists():
            pytest.skip(f"{source} is absent (the real drops live in ../shared, beside the checkout)")
    build_drop(read_articles(DEFAULT_SOURCES), size, path, seed)
    return path


@pytest.fixture(scope="module")
def drop(tmp_path_factory) -> tuple[Path, Path]:
    """(folder, drop.jsonl): the 2,000-article drop, and its audit by the local executor."""
    folder = tmp_path_factory.mktemp("dask-drop")
    real_drop(folder / "drop.jsonl")
    proc = cli(["audit", "drop.jsonl", "-o", "local", "-q", "-j", "2"], folder)
    assert proc.returncode == 0, proc.stderr
    return folder, folder / "drop.jsonl"


def same_reports(a: Path, b: Path) -> None:
    for name in REPORT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between {a} and {b}"


# --- a local cluster ------------------------------------------------------------------------


def test_seeds_on_a_local_cluster_give_the_golden_audit(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    proc = cli(["audit", "seeds", "-o", "out", "-q", "--executor", "dask", "-j", "2"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    golden = (ROOT / "tests" / "golden" / "seeds-audit.json").read_bytes()
    assert (tmp_path / "out" / "audit.json").read_bytes() == golden
    local = cli(["check", "seeds", "--format", "json", "-j", "2", "--exit-zero"], tmp_path)
    remote = cli(["check", "seeds", "--format", "json", "--executor", "dask", "-j", "2", "--exit-zero"], tmp_path)
    assert remote.returncode == local.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_a_real_drop_on_a_local_cluster_gives_the_local_audit(drop, tmp_path):
    folder, _path = drop
    proc = cli(["audit", "drop.jsonl", "-o", tmp_path / "dask", "-q", "--executor", "dask", "-j", "2"], folder)
    assert proc.returncode == 0, proc.stderr
    same_reports(folder / "local", tmp_path / "dask")
    audit = json.loads((tmp_path / "dask" / "audit.json").read_bytes())
    assert audit["summary"]["documents"] == 2000
    corpus = audit["corpus"]
    assert corpus["duplicate_clusters"] and corpus["story_clusters"] and corpus["facts"]  # the reduce steps had work


# --- a scheduler and worker processes ----------------------------------------------------------


def test_a_worker_killed_mid_run_changes_nothing(drop, tmp_path):
    """Two `dask worker` processes; once the first unit is analysed, one is killed with
    SIGKILL. Its tasks (and the results it held) are run again on the other: the audit
    finishes, byte-identical to the local one."""
    folder, _path = drop
    with cluster(tmp_path / "cluster") as (address, workers):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("AUDITOR_SCHEDULER", None)
        run = subprocess.Popen([sys.executable, "-m", "auditor", "audit", "drop.jsonl", "-o", tmp_path / "out", "-q",
                                "--scheduler", address], cwd=folder, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + RUN_TIMEOUT
            while not list(tmp_path.glob(".out.auditor-tmp-*/.work/unit-*.analysed.pickle")):
                assert run.poll() is None, run.communicate()[1]
                assert time.monotonic() < deadline, "no unit was analysed"
                time.sleep(0.05)
            workers[0].send_signal(signal.SIGKILL)
            killed_during_run = run.poll() is None
            _out, err = run.communicate(timeout=RUN_TIMEOUT)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
        assert workers[0].wait(timeout=60) == -signal.SIGKILL
        assert workers[1].poll() is None  # the other one finished the audit
    assert killed_during_run
    assert run.returncode == 0, err
    assert "Traceback" not in err
    same_reports(folder / "local", tmp_path / "out")


FAULTS = textwrap.dedent('''
    """Loaded into each worker (dask worker --preload): the farm check fails on one
    document and never ends on another."""
    import time
    from auditor.checks.farm import FarmCheck

    _real_run = getattr(FarmCheck.run, "__wrapped__", FarmCheck.run)  # dask may load a preload twice

    def _faulty(self, ctx):
        if "AUDITOR-TEST-EXPLODE" in ctx.text:
            raise RuntimeError("boom")
        if "AUDITOR-TEST-STUCK" in ctx.text:
            while True:  # a loop that never ends (a budget in a thread lands between two bytecodes)
                time.sleep(0.01)
        return _real_run(self, ctx)

    _faulty.__wrapped__ = _real_run
    FarmCheck.run = _faulty
''')

ARTICLE = ("Headline of the story\n\nThe ministry approved 14 new models on Monday, officials said. "
           "Critics said the pace of approvals was too fast for regulators to follow.\n")


def test_documents_failing_on_workers_become_load_errors(tmp_path):
    """A check that raises on a worker, and one that never ends there (the time budget
    cuts it off in the worker's task thread), make load errors naming the check; the other
    documents are audited."""
    (tmp_path / "faults.py").write_text(FAULTS, encoding="utf-8")
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(3):
        (drop / f"ok-{n}.txt").write_text(ARTICLE.replace("14", str(14 + n)), encoding="utf-8")
    (drop / "explode.txt").write_text(ARTICLE + "AUDITOR-TEST-EXPLODE\n", encoding="utf-8")
    (drop / "stuck.txt").write_text(ARTICLE + "AUDITOR-TEST-STUCK\n", encoding="utf-8")
    with cluster(tmp_path / "cluster", preload=tmp_path / "faults.py") as (address, _workers):
        proc = cli(["check", "drop", "--scheduler", address, "--time-budget", "1", "--format", "json",
                    "--exit-zero"], tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr
    audit = json.loads(proc.stdout)
    assert [d["id"] for d in audit["documents"]] == ["ok-0", "ok-1", "ok-2"]
    errors = {e["path"]: e["error"].split(" (")[0] for e in audit["load_errors"]}
    assert errors == {str(Path("drop") / "explode.txt"): "internal error in the farm check: RuntimeError: boom",
                      str(Path("drop") / "stuck.txt"): "stopped after 1 s in the farm check"}


def _unshare_available() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-rm", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_available(), reason="unprivileged mount namespaces are unavailable")
def test_workers_that_cannot_see_the_workspace_stop_the_run(tmp_path):
    """Workers in a mount namespace where the scratch folder is another (empty) folder:
    the run stops before any work, naming the folder and the worker."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copytree(SEEDS, tmp_path / "seeds")
    wrap = ["unshare", "-rm", "sh", "-c", f'mount -t tmpfs none "{scratch}" && exec "$0" "$@"']
    with cluster(tmp_path / "cluster", workers=1, wrap=wrap) as (address, _workers):
        proc = cli(["check", "seeds", "--scheduler", address, "--scratch", scratch], tmp_path, timeout=600)
    assert proc.returncode == 2
    line = one_line_error(proc)
    assert line.startswith(f"auditor: error: {scratch}/auditor-work-")
    assert "not visible from worker tcp://127.0.0.1:" in line and "storage every worker shares" in line
    assert list(scratch.iterdir()) == []  # the scratch folder was removed


# --- the command line ----------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["--executor", "local", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler is for --executor dask, not --executor local"),
    (["--scheduler", "tcp://127.0.0.1:1", "-j", "2"], "--jobs has no meaning with the scheduler at tcp://127.0.0.1:1"),
    (["--scheduler", " "], "--scheduler: the address is empty"),
])
def test_unclear_executor_options_are_usage_errors(tmp_path, args, message):
    proc = cli(["check", SEEDS, *args], tmp_path, timeout=120)
    assert proc.returncode == 2
    assert one_line_error(proc).startswith(f"auditor: error: {message}")


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    proc = cli(["check", SEEDS, "--scheduler", "tcp://127.0.0.1:1"], tmp_path, timeout=120,
               env={"AUDITOR_CONNECT_TIMEOUT": "2"})
    assert proc.returncode == 2
    assert one_line_error(proc).startswith("auditor: error: cannot reach the Dask scheduler at tcp://127.0.0.1:1")


def test_the_local_path_never_imports_dask(tmp_path):
    code = ("import sys; from auditor.cli import main; code = main(['check', sys.argv[1], '-q', '-j', '2', "
            "'--exit-zero']); assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')], "
            "'dask was imported'; sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code, str(SEEDS)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
