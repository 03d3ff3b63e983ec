"""Node, npm and Chromium for the web-app tests: found or a clear failure, deps via npm ci."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
CHROMIUM = Path(os.environ.get("ODUM_CHROMIUM", "/usr/bin/chromium"))


def require_tools() -> None:
    """Fails (not skips) naming what to install: these tests are part of `./dev test`."""
    missing = [tool for tool in ("node", "npm", "npx") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: install Node.js 20 and npm",
            pytrace=False,
        )
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set ODUM_CHROMIUM)",
            pytrace=False,
        )


def run(command: list[str], *, timeout: float, env: dict[str, str] | None = None) -> str:
    """Runs in frontend/; fails with the command's output when it exits non-zero."""
    done = subprocess.run(
        command,
        cwd=FRONTEND,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited {done.returncode}:\n{output[-6000:]}", pytrace=False
        )
    return output


def ensure_node_modules() -> None:
    """`npm ci` from package-lock.json when node_modules is missing."""
    if not (FRONTEND / "node_modules" / ".package-lock.json").exists():
        run(["npm", "ci", "--no-audit", "--no-fund"], timeout=600)
