"""The `odum` command: one sub-command per task (data, backtest, serve...)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes `register(subparsers)`; a sub-command sets `handler` on its parser.
COMMAND_MODULES = (
    "entrypoints.cli.data_commands",
    "entrypoints.cli.backtest_commands",
    "entrypoints.cli.serve_commands",
    "entrypoints.cli.db_commands",
    "entrypoints.cli.sweep_commands",
    "entrypoints.cli.key_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="odum", description="odum-execution service")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
