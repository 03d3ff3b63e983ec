"""The shipped live sample starts offline (`odum serve live`) and trades on its paper venue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.api.keys import key_headers, keys_environ
from tests.plugins.postgres_server import free_port
from tests.real_data import TARDIS, require

pytestmark = pytest.mark.postgres
KEYED = key_headers()
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "config" / "live.sample.json"
PERP = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
_ODUM = (sys.executable, "-m", "entrypoints.cli.main")
# Nothing that could reach a cloud or an exchange is inherited by the service.
_CLOUD = ("GOOGLE_", "GCLOUD", "STORAGE_EMULATOR_HOST", "BINANCE_", "DERIBIT_")


def _offline_env(**extra: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(_CLOUD)}
    return {**kept, "PYTHONPATH": str(ROOT), **keys_environ(), **extra}


@pytest.fixture
def sample_service(postgres_url: str, tmp_path: Path) -> Iterator[str]:
    """`odum serve live --config config/live.sample.json` in its own process; its base URL."""
    require(TARDIS / "binance-futures_quotes_2020-02-22_BTCUSDT.csv")
    url_env = json.loads(SAMPLE.read_text())["database"]["url_env"]
    port = free_port()
    log = (tmp_path / "service.log").open("w")
    service = subprocess.Popen(
        [*_ODUM, "serve", "live", "--config", str(SAMPLE.relative_to(ROOT)), "--port", str(port)],
        cwd=ROOT,
        env=_offline_env(**{url_env: postgres_url, "HOME": str(tmp_path)}),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(service, base, tmp_path / "service.log")
        yield base
    finally:
        service.terminate()
        try:
            service.wait(timeout=30)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()
        log.close()


def _wait_ready(service: subprocess.Popen[bytes], base: str, log: Path) -> None:
    """Until the paper venue is connected and quoted (a book from the recorded ticks)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if service.poll() is not None:
            pytest.fail(f"the service exited ({service.returncode}):\n{log.read_text()}")
        try:
            venues = httpx.get(f"{base}/api/venues", timeout=2, headers=KEYED).json()
            if venues and all(v["connected"] for v in venues):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the service was not ready within 180 s:\n{log.read_text()}")


def _post(base: str, **fields: str) -> dict[str, object]:
    body = {"instrument_key": PERP, "side": "BUY", "strategy_id": "sample", **fields}
    deadline = time.monotonic() + 20
    while True:
        answer = httpx.post(f"{base}/api/orders", json=body, timeout=15, headers=KEYED).json()
        # The recorded quotes reach the risk engine a moment after the venue connects.
        waiting = "NO_REFERENCE_PRICE" in str(answer.get("error_message"))
        if not waiting or time.monotonic() > deadline:
            return answer
        body["operation_id"] = f"{fields['operation_id']}-{int(time.monotonic() * 1000)}"
        time.sleep(0.2)


def _until_final(base: str, operation_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 20
    while True:
        order = httpx.get(f"{base}/api/orders/{operation_id}", timeout=5, headers=KEYED).json()
        if order["status"] not in ("ACCEPTED", "PARTIALLY_FILLED", "SUBMITTED", "PENDING"):
            return order
        if time.monotonic() > deadline:
            return order
        time.sleep(0.1)


def _stored_until(url: str, operation_id: str, status: str) -> dict[str, str]:
    """Stored statuses once `operation_id` has `status` (the cancel's row may be written a
    moment after the answer), or as they stand after 10 s."""
    deadline = time.monotonic() + 10
    while True:
        with psycopg.connect(url) as conn:
            query = "SELECT operation_id, status FROM unified_orders"
            orders = dict(conn.execute(query).fetchall())
        if orders.get(operation_id) == status or time.monotonic() > deadline:
            return orders
        time.sleep(0.05)


def test_the_sample_config_places_fills_and_cancels_offline(
    sample_service: str, postgres_url: str
) -> None:
    placed = _post(sample_service, operation_id="sample-market", quantity="0.01")
    # Larger than the top of the book, it fills the rest on the next quotes.
    assert placed["status"] in ("FILLED", "PARTIALLY_FILLED"), placed
    filled = _until_final(sample_service, str(placed["operation_id"]))
    assert filled["status"] == "FILLED", filled
    market = Decimal(str(filled["fills"][0]["price"]))  # type: ignore[index]
    below = (market * Decimal("0.995")).quantize(Decimal("0.01"))  # within the risk tolerance
    resting = _post(
        sample_service,
        operation_id="sample-limit",
        quantity="0.01",
        order_type="LIMIT",
        price=str(below),
    )
    assert resting["status"] == "ACCEPTED", resting
    limit_id = str(resting["operation_id"])

    canceled = httpx.delete(f"{sample_service}/api/orders/{limit_id}", timeout=15, headers=KEYED)

    assert canceled.status_code == 200, canceled.text
    assert canceled.json()["status"] == "CANCELED"
    orders = _stored_until(postgres_url, limit_id, "CANCELED")
    with psycopg.connect(postgres_url) as conn:
        fills = conn.execute("SELECT operation_id, quantity FROM unified_fills").fetchall()
    assert orders[str(filled["operation_id"])] == "FILLED"
    assert orders[limit_id] == "CANCELED"
    assert sum(q for op, q in fills if op == filled["operation_id"]) == Decimal("0.01")
    positions = httpx.get(f"{sample_service}/api/positions", timeout=5, headers=KEYED).json()
    assert [Decimal(p["quantity"]) for p in positions if p["instrument_key"] == PERP] == [
        Decimal("0.01")
    ]


def test_the_gcs_sample_is_the_second_sample_and_both_load() -> None:
    from bootstrap.settings.loader import load_settings

    offline = load_settings(SAMPLE)
    gcs = load_settings(ROOT / "config" / "live.gcs.sample.json")

    assert (offline.storage.backend, gcs.storage.backend) == ("local", "gcs")
    [paper] = offline.venues
    assert paper.adapter.options["paper"] is True
    assert "api_key_env" not in paper.adapter.options  # nothing to set before trying it
    assert offline.risk.max_order_quantity >= Decimal("0.01")
