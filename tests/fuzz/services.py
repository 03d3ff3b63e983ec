"""Both services started as `odum serve` processes on loopback, with one key per role."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from adapters.auth.keys import ApiKey, Role, digest
from tests.plugins.postgres_server import free_port

ROOT = Path(__file__).resolve().parents[2]
OPERATOR_KEY = "fuzz-operator-key-0123456789abcdef"
BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


def key_entries() -> str:
    return ApiKey(key_id="fuzz", role=Role.OPERATOR, digest=digest(OPERATOR_KEY)).entry()


def write_configs(root: Path) -> dict[str, Path]:
    configs = root / "configs"
    configs.mkdir()
    (configs / "sample.json").write_text(json.dumps({"backtest": {"dates": ["2024-01-01"]}}))
    live = {"venues": [{"venue_id": "BINANCE-FUTURES", "instruments": [BTC]}]}
    backtest = {
        "storage": {"backend": "local", "local_root": str(root / "store")},
        "api": {"config_dir": str(configs)},
    }
    paths = {"live": root / "live.json", "backtest": root / "backtest.json"}
    paths["live"].write_text(json.dumps(live))
    paths["backtest"].write_text(json.dumps(backtest))
    return paths


@contextmanager
def serving(
    service: str, config: Path, env: dict[str, str], log: Path, profile: str | None = None
) -> Iterator[str]:
    """`odum serve <service>` until the block ends; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "entrypoints.cli.main", "serve", service]
    command += ["--port", str(port), "--config", str(config)]
    if profile:
        command += ["--profile", profile]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise AssertionError(f"{base} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{base} did not become healthy: {log.read_text()[-2000:]}")
