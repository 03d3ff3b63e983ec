"""The two backends as real processes on loopback (`odum serve`), for the browser tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.plugins.postgres_server import free_port

ROOT = Path(__file__).resolve().parents[2]
ODUM = ROOT / ".venv" / "bin" / "odum"
SERVICE_NAMES = {"backtest": "odum-backend", "live": "odum-live-backend"}


class Server:
    """`odum serve SERVICE` on a free loopback port, its output in `log_path`."""

    def __init__(self, service: str, config: Path, env: dict[str, str], log_path: Path) -> None:
        self.service, self.config, self.log_path = service, config, log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._env = {**os.environ, **env}
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 90.0) -> None:
        command = [str(ODUM) if ODUM.exists() else sys.executable, "serve", self.service]
        if not ODUM.exists():
            command[1:1] = ["-m", "entrypoints.cli.main"]
        command += ["--port", str(self.port), "--config", str(self.config)]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command, cwd=ROOT, env=self._env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.service} exited at start:\n{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                body = httpx.get(f"{self.url}/api/health", timeout=2).json()
                if body.get("service") == SERVICE_NAMES[self.service]:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"{self.service} did not answer in {timeout_s} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(10)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""


@contextlib.contextmanager
def serving(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
