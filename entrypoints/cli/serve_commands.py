"""`odum serve backtest|live`: the HTTP services under uvicorn."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Any

DEFAULT_PORTS = {"backtest": 8000, "live": 8001}
SERVICE_NAMES = {"backtest": "odum-backend", "live": "odum-live-backend"}
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="run the backtest (8000) or live (8001) API")
    parser.add_argument("service", choices=tuple(DEFAULT_PORTS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="default: 8000 backtest, 8001 live")
    parser.add_argument("--config", type=Path, help="JSON configuration file (default: defaults)")
    parser.add_argument(
        "--profile",
        choices=("test", "backtest", "live"),
        help="infrastructure to build (default: the service's own)",
    )
    parser.set_defaults(handler=serve)


def run_server(app: Any, host: str, port: int) -> None:
    import uvicorn

    # uvicorn's loggers go through the structured handler; requests are in /metrics.
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)


def serve(args: argparse.Namespace) -> int:
    from application.settings.schema import Settings
    from bootstrap.build import build_container
    from bootstrap.containers.log_setup import bind_live_run, configure_service_logging
    from bootstrap.settings.loader import ConfigError, load_settings

    configure_service_logging(SERVICE_NAMES[args.service], os.environ)

    try:
        settings = load_settings(args.config) if args.config else Settings()
    except ConfigError as error:
        return _fail(str(error), 2)
    if settings.api.open_reads_on_loopback and args.host not in LOOPBACK_HOSTS:
        return _fail(
            f"api.open_reads_on_loopback opens reads without a key: it needs --host 127.0.0.1 "
            f"(not {args.host})",
            2,
        )
    profile = args.profile or args.service
    try:
        container = build_container(profile, settings)
        problem = _database_problem(container)
        if problem is not None:
            return _fail(f"cannot start the {args.service} service: {problem}")
        app = _create_app(args.service, container)
        if args.service == "live":
            bind_live_run(container)
    except Exception as error:  # missing infrastructure or credentials: say so, no traceback
        return _fail(f"cannot start the {args.service} service: {type(error).__name__}: {error}")
    _tune_gc()
    run_server(app, args.host, args.port or DEFAULT_PORTS[args.service])
    return 0


def _database_problem(container: Any) -> str | None:
    """With PostgreSQL, connect once before serving (else the pool times out in a traceback)."""
    own = container.infra.profile.last_overriding()
    if "database_config" not in own.providers:
        return None
    from adapters.postgres.preflight import database_problem

    return database_problem(own.database_config())


def _tune_gc() -> None:
    """Everything built at start-up is long-lived: freeze it out of collections and collect
    the young generation less often, which removes most of the order path's p99 pauses
    (bench/order_path_pg.py --gc-tuned)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


def _create_app(service: str, container: Any) -> Any:
    if service == "backtest":
        from entrypoints.http.backtest_app import create_backtest_app

        return create_backtest_app(container)
    from entrypoints.http.live_app import create_live_app

    return create_live_app(container)


def _fail(message: str, code: int = 1) -> int:
    print(f"odum serve: error: {message}", file=sys.stderr)
    return code
