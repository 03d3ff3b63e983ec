"""Writes the OpenAPI schema of both services (as the code declares them) to a folder:
`python -m tests.frontend.openapi_dump DIR` -> DIR/backtest.json, DIR/live.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from litestar import Litestar


def backtest_schema_app() -> Litestar:
    from entrypoints.http.backtest_app import backtest_app
    from tests.service.fake_backtest import fake_services

    return backtest_app(fake_services())


def live_schema_app() -> Litestar:
    from bootstrap.build import build_container
    from bootstrap.settings.loader import parse_settings
    from entrypoints.http.live_app import create_live_app

    return create_live_app(build_container("test", parse_settings({})))


def schema_of(app: Litestar) -> dict[str, Any]:
    return app.openapi_schema.to_schema()


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in (("backtest", backtest_schema_app), ("live", live_schema_app)):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(schema_of(make()), indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written_path)
