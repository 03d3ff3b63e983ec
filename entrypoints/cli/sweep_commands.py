"""`odum sweep --config SWEEP.json [--address RAY] [--workers N] [--resume SWEEP_ID]`."""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Exit codes: some runs failed or the sweep stopped / bad input.
RUNS_FAILED, BAD_INPUT = 1, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sweep", help="run a grid of backtests (days x instruments x parameters) on Ray"
    )
    parser.add_argument("--config", type=Path, required=True, help="sweep JSON file")
    parser.add_argument(
        "--address", help="Ray cluster to join (default: RAY_ADDRESS, else a local Ray)"
    )
    parser.add_argument("--workers", type=_positive, help="local Ray CPUs (default: all cores)")
    parser.add_argument(
        "--inline", action="store_true", help="run in this process, one run after another"
    )
    parser.add_argument("--resume", metavar="SWEEP_ID", help="skip the runs already completed")
    parser.add_argument("--metric", help="rank the top runs by this (default: the file's metric)")
    parser.add_argument("--top", type=_positive, default=5, help="how many top runs to print")
    parser.set_defaults(handler=run_sweep_command)


def read_sweep_file(path: Path) -> dict[str, Any]:
    """The sweep document; a `base_config` given as a path is read relative to the file."""
    raw = _json_file(path, "sweep file")
    base = raw.get("base_config") if isinstance(raw, dict) else None
    if isinstance(base, str):
        raw["base_config"] = _json_file(path.parent / base, "base_config")
    return raw


class BadSweepFile(Exception):
    pass


def _json_file(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise BadSweepFile(f"{what}: {path} not found: pass an existing JSON file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadSweepFile(f"{what}: {path} cannot be read: {error}") from None
    except json.JSONDecodeError as error:
        raise BadSweepFile(
            f"{what}: {path} is not JSON: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None


def run_sweep_command(args: argparse.Namespace) -> int:
    from application.sweeps import (
        InvalidSweep,
        InvalidSweepId,
        UnknownSweep,
        new_sweep_id,
        parse_sweep,
        stored_spec,
        validate_sweep_id,
    )
    from bootstrap.sweeps import (
        build_executor,
        build_run_sweep,
        complete_config,
        config_problems,
        sweep_store,
    )

    try:
        raw = read_sweep_file(args.config)
        spec = parse_sweep(raw, config_problems, complete_config)
        store = sweep_store(spec.base_config)
        if args.resume:
            sweep_id = validate_sweep_id(args.resume)
            spec, created_at = stored_spec(store, sweep_id, config_problems, complete_config)
        else:
            created_at = datetime.now(UTC).replace(microsecond=0)
            sweep_id = new_sweep_id(created_at, secrets.token_hex(3))
    except (BadSweepFile, InvalidSweepId, UnknownSweep) as error:
        return _fail(str(error), BAD_INPUT)
    except InvalidSweep as error:
        return _fail(str(error), BAD_INPUT)
    kind = "inline" if args.inline else "ray"
    executor = build_executor(kind, address=args.address, workers=args.workers)
    run_sweep = build_run_sweep(store, executor)
    print(f"sweep {sweep_id}{' (resumed)' if args.resume else ''}", file=sys.stderr)
    try:
        from entrypoints.cli.sweep_report import print_top, run_progress

        with run_progress() as progress:
            outcome = run_sweep(
                spec,
                sweep_id=sweep_id,
                created_at=created_at,
                progress=progress,
                resume=bool(args.resume),
            )
    finally:
        executor.close()
    print_top(outcome, args.metric or spec.metric, args.top, [a.path for a in spec.axes])
    if outcome.error is not None:
        return _fail(f"sweep {sweep_id} stopped: {outcome.error}", RUNS_FAILED)
    return RUNS_FAILED if outcome.counts()["failed"] else 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _fail(message: str, code: int) -> int:
    print(f"odum sweep: error: {message}", file=sys.stderr)
    return code
