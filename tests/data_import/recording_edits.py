"""Real recordings cut and rewritten: continuation files, other stamp units, extra streams."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from tests.data_import.real_samples import raw_lines


def write_recording(path: Path, lines: Iterable[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    return path


def split_at(source: Path, local_ns: int, first: Path, second: Path) -> tuple[Path, Path]:
    """Lines stamped before `local_ns` into `first`, the rest into `second` (a rotation)."""
    lines = raw_lines(source)
    cut = next(i for i, line in enumerate(lines) if int(line.partition(" ")[0]) >= local_ns)
    return write_recording(first, lines[:cut]), write_recording(second, lines[cut:])


def with_stamp_unit(lines: Iterable[str], ns_per_unit: int) -> list[str]:
    """Each line's ns prefix rewritten in a coarser unit (1_000: µs, 1_000_000: ms)."""
    rewritten = []
    for line in lines:
        stamp, _, rest = line.partition(" ")
        rewritten.append(f"{int(stamp) // ns_per_unit} {rest}")
    return rewritten


def mark_price_line(local_ns: int, event_ms: int, funding_ms: int, rate: str, mark: str) -> str:
    data = {
        "e": "markPriceUpdate",
        "E": event_ms,
        "s": "BTCUSDT",
        "p": mark,
        "i": mark,
        "P": mark,
        "r": rate,
        "T": funding_ms,
    }
    return f"{local_ns} {json.dumps({'stream': 'btcusdt@markPrice@1s', 'data': data})}\n"
