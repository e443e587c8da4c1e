"""A real PostgreSQL server for the tests that need one: initdb into a temporary folder,
started on a Unix socket in that folder (no TCP port, so nothing else on the machine
can clash with it or reach it), stopped and deleted afterwards.

PostgreSQL refuses to run as root: when the tests do, the server runs as the `postgres`
user the Debian package creates. The binaries come from PATH or /usr/lib/postgresql/*/bin
(`.ci/run` installs the package when it is missing).
"""

from __future__ import annotations

import glob
import os
import shutil
import stat
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PORT = 5432  # only names the socket file: the server listens on no TCP port


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _as_server_user(command: list[str], folder: Path) -> list[str]:
    if os.geteuid() != 0:
        return command
    command = ["runuser", "-u", "postgres", "--", *command]
    if stat.S_ISCHR(os.stat("/dev/null").st_mode):
        return command
    # /dev/null is not the null device (a process running as root replaced it with a file):
    # initdb and the server need one, so they get a private one in a mount namespace.
    null = folder / "null"
    return ["unshare", "-m", "sh", "-c", f'[ -c "{null}" ] || mknod -m 666 "{null}" c 1 3; '
            f'mount --bind "{null}" /dev/null && exec "$0" "$@"', *command]


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields the URL of a fresh database on a server of its own."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="auditor-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    try:
        subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                        "-E", "UTF8", "--no-sync", "--locale", "C"], folder),
                       check=True, capture_output=True, timeout=300)
        options = f"-k {sockets} -p {PORT} -c listen_addresses='' -c fsync=off -c max_connections=100"
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                        str(folder / "server.log"), "-w", "-t", "120", "start"], folder),
                       check=True, capture_output=True, timeout=300)
        try:
            yield f"postgresql://postgres@/postgres?host={sockets}&port={PORT}"
        finally:
            subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                                            "stop"], folder), capture_output=True, timeout=120)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new, empty database on the server of `url`; its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return url.replace("/postgres?", f"/{name}?", 1)
