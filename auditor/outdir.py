"""The report folder as one unit: a reader sees the previous report or the new one, never
a mix, and a crash leaves no debris.

Everything is written into a hidden staging folder beside the target (same file system,
so renames are atomic). `commit()` marks it as an auditor report, flushes it to disk once,
and swaps it in with one atomic rename exchange (Linux `renameat2(RENAME_EXCHANGE)`;
elsewhere two renames, with a moment where the folder is absent but never mixed), then
deletes the previous report. A lock file beside the target keeps a second run from
writing the same folder at the same time; it is removed at the end.

If the process dies (SIGKILL, OOM, power cut of the process, not of the machine), a small
detached janitor process, started with the staging folder, notices that its parent is gone
and deletes the staging folder, the previous report's remains and the lock file. Leftovers
of a machine crash are deleted by the next run, which holds the lock when it looks.

A folder that exists and was not written by auditor is never replaced: its files are the
user's. Hidden files in a previous report folder that auditor did not write (a `.gitkeep`)
are carried over to the new one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ._version import __version__
from .files import OutputError

MARKER = ".auditor-report"  # written into every report folder (corpus.load skips such folders)
_GENERATOR = b'<meta name="generator" content="auditor'
_RENAME_EXCHANGE = 2


class LockError(OutputError):
    """Another run holds the lock on this report folder."""


def _renameat2():
    """libc's renameat2, or None where it does not exist."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (both must exist); False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # the file system cannot exchange
    raise OSError(error, os.strerror(error), str(b))


def is_auditor_report(folder: Path) -> bool:
    """True for a folder auditor wrote: its marker, or (reports of older versions) an
    index page carrying auditor's generator mark."""
    if (folder / MARKER).is_file():
        return True
    try:
        with open(folder / "index.html", "rb") as handle:
            return _GENERATOR in handle.read(4096)
    except OSError:
        return False


def _is_replaceable(folder: Path) -> bool:
    """An empty folder, one holding only hidden files, or an auditor report."""
    try:
        entries = [e.name for e in os.scandir(folder)]
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be read ({exc.strerror})") from None
    return not [n for n in entries if not n.startswith(".")] or is_auditor_report(folder)


class _Lock:
    """An exclusive lock file that can be deleted safely: after locking, the holder checks
    that the path still names the file it locked (another holder may have deleted it)."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        for _ in range(20):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise LockError(f"{self.path.parent / self.path.name[1:].removesuffix('.auditor-lock')} is being "
                                f"written by another auditor run (pid {holder}); try again when it has finished") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode("ascii"))
                self.fd = fd
                return
            os.close(fd)  # the holder before us deleted it: lock the new one
        raise LockError(f"{self.path}: could not take the lock")

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            os.close(self.fd)
            self.fd = None


# The janitor: blocks on a pipe from its parent. "x" means the parent finished and cleaned
# up; end of file means the parent died (the kernel closes the pipe once no process holds
# its write end: the parent and any worker it forked), so it deletes what was left. It is
# a separate interpreter (not a fork), in its own session, so it outlives a SIGKILL of its
# parent and holds no descriptor of the parent's (not the lock).
_JANITOR = r"""
import fcntl, os, shutil, sys
lock, *paths = sys.argv[1:]
if sys.stdin.buffer.read(1) == b"x":
    sys.exit(0)
for path in paths:
    shutil.rmtree(path, ignore_errors=True)
if lock == "-":
    sys.exit(0)
import time
for attempt in range(200):  # workers of the dead run may still be closing their copy of the lock
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        break
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        time.sleep(0.05)
        continue
    try:
        if os.fstat(fd).st_ino == os.stat(lock).st_ino:
            os.unlink(lock)
    except OSError:
        pass
    break
"""


class ReportFolder:
    """`with ReportFolder(target) as staging: ...write into staging...; folder.commit()`.

    Leaving the block without `commit()` (an exception, ^C) deletes the staging folder and
    leaves the previous report as it was."""

    def __init__(self, target: str | Path):
        self.target = Path(os.path.abspath(target))
        self.parent = self.target.parent
        name = self.target.name
        self.lock = _Lock(self.parent / f".{name}.auditor-lock")
        self.prefix = f".{name}.auditor-"
        self.staging = self.parent / f"{self.prefix}tmp-{os.getpid()}-{secrets.token_hex(4)}"
        self.old = Path(f"{self.staging}-old")  # the previous report, where renames cannot exchange
        self._janitor: subprocess.Popen | None = None
        self.committed = False

    def __enter__(self) -> Path:
        if self.target.exists() and not self.target.is_dir():
            raise OutputError(f"{self.target} exists and is not a folder")
        if self.target.is_dir() and not _is_replaceable(self.target):
            raise OutputError(f"{self.target} holds files auditor did not write; choose an empty or new folder "
                              "(auditor replaces its report folder as a whole)")
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{self.target}: cannot write: {exc.strerror} ({exc.filename})") from None
        self.lock.acquire()
        try:
            for stale in self.parent.glob(f"{self.prefix}*"):
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale, ignore_errors=True)  # a crashed run's leftovers: we hold the lock
            os.mkdir(self.staging)
            self._start_janitor()
        except BaseException:
            self._cleanup()
            raise
        return self.staging

    def _start_janitor(self) -> None:
        self._janitor = start_janitor(str(self.lock.path), self.staging, self.old)

    def commit(self) -> None:
        """Mark, flush and swap the staging folder in; delete the previous report."""
        (self.staging / MARKER).write_text(json.dumps({"tool": "auditor", "version": __version__}) + "\n",
                                           encoding="utf-8")
        if self.target.is_dir():
            self._carry_hidden_files()
        os.sync()  # one flush for every page, instead of one fsync per file
        if self.target.is_dir():
            if not exchange(self.staging, self.target):
                os.rename(self.target, self.old)
                os.rename(self.staging, self.target)
                self.staging = self.old
        else:
            os.rename(self.staging, self.target)
        self.committed = True
        _fsync_folder(self.parent)

    def _carry_hidden_files(self) -> None:
        for entry in os.scandir(self.target):
            if entry.name.startswith(".") and entry.name != MARKER and not (self.staging / entry.name).exists():
                if entry.is_dir(follow_symlinks=False):
                    shutil.copytree(entry.path, self.staging / entry.name, symlinks=True)
                else:
                    shutil.copy2(entry.path, self.staging / entry.name, follow_symlinks=False)

    def __exit__(self, *exc_info) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        """Delete the staging folder (after a commit: the previous report), stop the
        janitor, release the lock."""
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.old, ignore_errors=True)
        stop_janitor(self._janitor)
        self._janitor = None
        self.lock.release()


def start_janitor(lock: str, *paths: Path) -> subprocess.Popen:
    """A detached process that deletes `paths` (and the lock file, unless "-") if this
    process dies before calling `stop_janitor`."""
    return subprocess.Popen([sys.executable, "-I", "-S", "-c", _JANITOR, lock, *map(str, paths)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, close_fds=True)


def stop_janitor(janitor: subprocess.Popen | None) -> None:
    """Tell the janitor the run finished and cleaned up after itself."""
    if janitor is None:
        return
    try:
        janitor.communicate(b"x", timeout=10)  # "done": it exits without cleaning
    except (subprocess.TimeoutExpired, OSError):
        janitor.kill()


class ScratchFolder:
    """A temporary folder for a run's intermediate files, deleted when the run ends, and
    by a janitor if the run is killed."""

    def __init__(self, parent: str | None = None):
        self.parent = parent
        self.path: Path | None = None
        self._janitor: subprocess.Popen | None = None

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix="auditor-work-", dir=self.parent))
        self._janitor = start_janitor("-", self.path)
        return self.path

    def __exit__(self, *exc_info) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        stop_janitor(self._janitor)
        self._janitor = None


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
