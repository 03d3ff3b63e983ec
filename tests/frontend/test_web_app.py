"""The operator web app: Vitest unit tests, the generated client against the schema, the
build, and end-to-end scenarios in headless Chromium against both real backends."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.frontend.node_tools import (
    CHROMIUM,
    FRONTEND,
    ROOT,
    ensure_node_modules,
    require_tools,
    run,
)
from tests.frontend.servers import ODUM, Server, serving

ARTIFACTS = ROOT / "var" / "artifacts" / "frontend"
DAY = "2024-08-08"
LAUNCH_CONFIG = "e2e-day"  # the config the launch form names (in the service's api.config_dir)
BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
# API keys: both services read `ODUM_API_KEYS` entries (`id:role:sha256:<hex>`, as `odum keys
# new` prints them); the browser types the key on the API-key page. A service without the key
# mechanism ignores both, so the scenarios are the same with or without it.
BROWSER_KEY = "odum-e2e-" + "k" * 40
KEY_ENV = {
    "ODUM_API_KEYS": f"e2e:operator:sha256:{hashlib.sha256(BROWSER_KEY.encode()).hexdigest()}"
}


@pytest.fixture(scope="module")
def tools() -> None:
    require_tools()
    ensure_node_modules()


@pytest.fixture(scope="module")
def dist(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app type-checked and built into a temporary folder (not the checkout's dist)."""
    out = tmp_path_factory.mktemp("web-dist")
    run(["npx", "tsc", "-p", "tsconfig.json"], timeout=240)
    run(["npx", "vite", "build", "--outDir", str(out), "--emptyOutDir"], timeout=240)
    return out


def test_vitest_unit_tests_pass(tools: None) -> None:
    output = run(["npx", "vitest", "run", "--reporter=dot"], timeout=300)
    assert " passed" in output


def test_the_checked_in_client_matches_the_services_schema(tools: None, tmp_path: Path) -> None:
    env = {"ODUM_PYTHON_BIN": sys.executable}
    run(["node", "scripts/gen-api.mjs", str(tmp_path)], timeout=180, env=env)
    for name in ("backtest", "live"):
        fresh = (tmp_path / f"{name}.ts").read_text()
        checked_in = (FRONTEND / "src" / "api" / f"{name}.ts").read_text()
        assert fresh == checked_in, (
            f"frontend/src/api/{name}.ts is stale: run `cd frontend && npm run gen:api`"
        )


def test_the_build_has_an_index_and_a_bundle(dist: Path) -> None:
    index = (dist / "index.html").read_text()
    assets = sorted((dist / "assets").iterdir())
    entry = [p for p in assets if p.suffix == ".js" and p.name in index]
    assert len(entry) == 1  # one entry script; the chart pages are split off and lazy
    assert len([p for p in assets if p.suffix == ".js"]) > 1

    def gz(paths: list[Path]) -> int:
        return sum(len(gzip.compress(p.read_bytes())) for p in paths)

    figures = {
        "bundle_bytes": sum(p.stat().st_size for p in assets),
        "bundle_gzip_bytes": gz(assets),
        "entry_js_bytes": entry[0].stat().st_size,
        "entry_js_gzip_bytes": gz(entry),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{name} {value}\n" for name, value in figures.items())
    (ARTIFACTS / "bundle.txt").write_text(text)
    print(f"figure {text}")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated day (scale 0.1) in a local store: what the launched backtest reads."""
    store = tmp_path_factory.mktemp("web-store")
    command = [str(ODUM), "data", "generate-day", "--date", DAY, "--seed", "42"]
    command += ["--store-dir", str(store), "--scale", "0.1"]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return store


def write_configs(folder: Path, store: Path) -> tuple[Path, Path]:
    backtest = json.loads((ROOT / "config" / "backtest.sample.json").read_text())
    # The launch form names a config of the service's config directory, never a path; the
    # service's own storage applies to it.
    configs = folder / "configs"
    configs.mkdir()
    named = {key: value for key, value in backtest.items() if key != "storage"}
    (configs / f"{LAUNCH_CONFIG}.json").write_text(json.dumps(named))
    backtest["storage"] = {"backend": "local", "local_root": str(store)}
    backtest["api"] = {"config_dir": str(configs)}
    live = {
        "venues": [{"venue_id": "BINANCE-FUTURES", "instruments": [BTC], "min_size": "0.001"}],
        "risk": {"max_order_quantity": "5", "max_orders_per_second": 20},
        "storage": {"backend": "local", "local_root": str(store)},
        "database": {"url_env": "ODUM_DATABASE_URL"},
    }
    paths = folder / "backtest.json", folder / "live.json"
    paths[0].write_text(json.dumps(backtest))
    paths[1].write_text(json.dumps(live))
    return paths


def browser(scenario: str, app_url: str, extra: dict[str, str] | None = None) -> str:
    env = {"APP_URL": app_url, "ARTIFACTS": str(ARTIFACTS), "CHROMIUM": str(CHROMIUM)}
    if BROWSER_KEY:
        env["ODUM_API_KEY"] = BROWSER_KEY
    output = run(["node", "e2e/run.mjs", scenario], timeout=420, env={**env, **(extra or {})})
    print(output)
    return output


@pytest.fixture
def backends(
    dist: Path, sample_store: Path, postgres_cluster, tmp_path: Path
) -> Iterator[tuple[Server, Server, Path]]:
    """Both servers prepared (ports known, neither started); the backtest one serves the app."""
    backtest_config, live_config = write_configs(tmp_path, sample_store)
    common = {"ODUM_UI_DIST": str(dist), "ODUM_UI_POLL_SECONDS": "2", **KEY_ENV}
    live = Server(
        "live",
        live_config,
        {**common, "ODUM_DATABASE_URL": postgres_cluster.create_database("web")},
        tmp_path / "live.log",
    )
    backtest = Server(
        "backtest", backtest_config, {**common, "ODUM_LIVE_URL": live.url}, tmp_path / "bt.log"
    )
    live._env["ODUM_BACKTEST_URL"] = backtest.url
    yield backtest, live
    live.stop()
    backtest.stop()


def test_the_app_in_chromium_against_both_backends(backends) -> None:
    backtest, live = backends
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "figures.txt").unlink(missing_ok=True)
    with serving(backtest):
        out = browser("backtestOnly", backtest.url)
        assert "ok backtestOnly" in out
        with serving(live):
            extra = {"BACKTEST_CONFIG": LAUNCH_CONFIG, "BACKTEST_DATE": DAY}
            out = browser("bothRunning", backtest.url, extra)
            assert "equity chart" in out
            assert "= stored curve" in out
            out = browser("orders", backtest.url)
            assert "canceled" in out
            assert "TRADING_HALTED" in out
            out = stop_live_while_watching(backtest.url, live)
            assert "live pages hidden" in out
    print((ARTIFACTS / "figures.txt").read_text())


def stop_live_while_watching(app_url: str, live: Server) -> str:
    """The browser watches /status; the live backend is stopped once it says it is ready."""
    env = {**os.environ, "APP_URL": app_url, "ARTIFACTS": str(ARTIFACTS)}
    env["CHROMIUM"] = str(CHROMIUM)
    if BROWSER_KEY:
        env["ODUM_API_KEY"] = BROWSER_KEY
    process = subprocess.Popen(
        ["node", "e2e/run.mjs", "liveStopped"],
        cwd=FRONTEND,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.strip() == "ready-to-stop":
            live.stop()
            break
    rest, _ = process.communicate(timeout=180)
    output = "".join(lines) + rest
    assert process.returncode == 0, output
    print(output)
    return output
