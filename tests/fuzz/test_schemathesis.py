"""schemathesis, every check, stateful included, against both services' OpenAPI: 0 failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.services import OPERATOR_KEY, key_entries, serving, write_configs

CONFIG = Path(__file__).with_name("schemathesis.toml")
# Bounded: a few dozen examples per operation and a time budget per service.
MAX_EXAMPLES, MAX_SECONDS = 25, 50


def run_schemathesis(base: str, report: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file", str(CONFIG),
        "run", f"{base}/schema/openapi.json",
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--header", f"Authorization: Bearer {OPERATOR_KEY}",
        "--max-examples", str(MAX_EXAMPLES),
        "--max-time", str(MAX_SECONDS),
        "--workers", "1",
        "--seed", "13",
        "--report", "junit", "--report-dir", str(report),
    ]  # fmt: skip
    return subprocess.run(  # cwd: schemathesis keeps its cache in the working directory
        command, capture_output=True, text=True, timeout=MAX_SECONDS * 4, cwd=report.parent
    )


@pytest.mark.parametrize(("service", "profile"), [("live", "test"), ("backtest", None)])
def test_the_service_passes_every_schemathesis_check(
    service: str, profile: str | None, tmp_path: Path
) -> None:
    configs = write_configs(tmp_path)
    env = {"ODUM_API_KEYS": key_entries()}
    with serving(service, configs[service], env, tmp_path / "server.log", profile) as base:
        done = run_schemathesis(base, tmp_path / "report")
    summary = done.stdout[-6000:]
    assert done.returncode == 0, summary
    assert "Traceback" not in (tmp_path / "server.log").read_text()
