"""Serving the built web app from a backend: the index on every app route, assets, fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import TestClient

from entrypoints.http.backtest_app import backtest_app
from tests.service.fake_backtest import fake_services

INDEX = "<!doctype html><title>odum app</title><script src=/assets/app-1.js></script>"


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "app-1.js").write_text("console.log('app')")
    monkeypatch.setenv("ODUM_UI_DIST", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("path", ["/", "/status", "/backtests", "/backtests/BT-x", "/live/risk"])
def test_every_app_route_is_the_built_index(built: Path, path: str) -> None:
    with TestClient(app=backtest_app(fake_services())) as client:
        page = client.get(path)
    assert page.status_code == 200
    assert page.text == INDEX
    assert page.headers["content-type"].startswith("text/html")


def test_assets_are_served_and_api_paths_are_not_the_index(built: Path) -> None:
    with TestClient(app=backtest_app(fake_services())) as client:
        assert client.get("/assets/app-1.js").text == "console.log('app')"
        assert client.get("/api/nothing-here").status_code == 404
        assert client.get("/api/backtests").headers["content-type"].startswith("application/json")


def test_without_a_build_the_root_says_how_to_build_and_status_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODUM_UI_DIST", str(tmp_path / "missing"))
    with TestClient(app=backtest_app(fake_services())) as client:
        root = client.get("/")
        status = client.get("/status")
    assert root.status_code == 404
    assert "./dev ui" in root.text
    assert status.status_code == 200
    assert "odum-backend" in status.text
    assert "innerHTML" not in status.text
