"""Pytest fixtures: a throwaway PostgreSQL cluster (15 or newer) on loopback, migrated databases."""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from adapters.postgres.migrate import upgrade


def _default_pg_bin() -> Path:
    """The newest installed server under /usr/lib/postgresql/N/bin (Debian 12 has 15, 13 has 17)."""
    installed = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return installed[-1] if installed else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ.get("ODUM_PG_BIN") or _default_pg_bin())
# The major version the tests' servers run (15 on Debian 12, 17 on Debian 13).
PG_MAJOR = PG_BIN.parent.name
TABLES = ("unified_fills", "unified_orders", "unified_positions")
_names = itertools.count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    """initdb in a temp directory (as the postgres user when run as root), started with
    fsync on (durability is what the crash tests prove), removed by `destroy`."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            pytest.fail(
                f"PostgreSQL server binaries not found in {PG_BIN}: install the Debian "
                "`postgresql` package (.ci/run does) or set ODUM_PG_BIN",
                pytrace=False,
            )
        self.root = Path(tempfile.mkdtemp(prefix="odum-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(PG_BIN / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on "
            "-c synchronous_commit=on -c max_connections=200"
        )
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "odum", *, migrated: bool = True) -> str:
        """A new empty database (with the migrations applied unless `migrated=False`)."""
        name = f"{prefix}_{next(_names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        if migrated:
            upgrade(self.url(name))
        return self.url(name)


def truncate(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {', '.join(TABLES)}")


@contextlib.contextmanager
def running_cluster() -> Iterator[PostgresCluster]:
    """A started throwaway cluster, stopped and removed on exit."""
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One started cluster for the whole run; removed at the end."""
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def postgres_module_url(postgres_cluster: PostgresCluster) -> str:
    """A migrated database of this test module."""
    return postgres_cluster.create_database()


@pytest.fixture
def postgres_url(postgres_module_url: str) -> str:
    """The module's migrated database, emptied for this test."""
    truncate(postgres_module_url)
    return postgres_module_url


@pytest.fixture
def own_postgres_cluster() -> Iterator[PostgresCluster]:
    """A cluster of this test alone (for tests that stop the server)."""
    with running_cluster() as cluster:
        yield cluster
