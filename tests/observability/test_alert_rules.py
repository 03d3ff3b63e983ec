"""The alert rules in docker/prometheus: valid, unit-tested with promtool, and every metric they
name is one the services serve."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from litestar.testing import TestClient

from adapters.auth.keys import Role
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.observability.scrape import families
from tests.observability.test_live_metrics import live_container

RULES_DIR = Path(__file__).resolve().parents[2] / "docker" / "prometheus"
ALERTS = RULES_DIR / "alerts.yml"
REQUIRED = {
    "OdumVenueDown",
    "OdumCircuitBreakerOpen",
    "OdumReconciliationDifferences",
    "OdumKillSwitchEngaged",
    "OdumOrderPathP99OverBudget",
}
SERIES_SUFFIXES = ("_bucket", "_count", "_sum", "_total")
PROMTOOL = shutil.which("promtool")


def rules() -> list[dict[str, object]]:
    document = yaml.safe_load(ALERTS.read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def family_of(series: str) -> str:
    for suffix in SERIES_SUFFIXES:
        if series.endswith(suffix):
            return series[: -len(suffix)]
    return series


def test_every_required_alert_is_there_with_severity_and_summary() -> None:
    found = {str(rule["alert"]) for rule in rules()}
    assert found >= REQUIRED
    for rule in rules():
        assert rule["labels"]["severity"] in ("warning", "critical"), rule  # type: ignore[index]
        assert rule["annotations"]["summary"], rule  # type: ignore[index]


def test_every_metric_a_rule_names_is_served_at_metrics() -> None:
    with TestClient(create_live_app(live_container(), keys=TEST_KEYS)) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        served = families(client.get("/metrics").text)
    named = {
        family_of(name) for rule in rules() for name in re.findall(r"\bodum_\w+", str(rule["expr"]))
    }
    assert named, "the rules name no odum_ metric"
    assert named <= served, f"not served: {sorted(named - served)}"


@pytest.mark.skipif(PROMTOOL is None, reason="promtool (Debian `prometheus`) is not installed")
def test_promtool_checks_and_unit_tests_the_rules() -> None:
    assert PROMTOOL is not None
    check = subprocess.run(
        [PROMTOOL, "check", "rules", str(ALERTS)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    unit = subprocess.run(
        [PROMTOOL, "test", "rules", "alerts_test.yml"],
        cwd=RULES_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert unit.returncode == 0, unit.stdout + unit.stderr
