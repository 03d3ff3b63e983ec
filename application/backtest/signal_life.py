"""How long a signal's orders can live: the span of tick data its window must cover.

A MARKET order fills at once, so the configured window is enough. An algorithm works
until the end of its horizon (plus `SETTLE_NS` for its last slice to fill). A LIMIT
order rests until it fills or the stream's next target change cancels it. Every life is capped
at `max_ns`; whatever is still open when its window's data ends expires there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from application.algorithms import InvalidAlgorithmParams, parse_params
from application.algorithms.params import SlicedHorizon
from application.signals.windows import target_changes
from domain.enums import ExecAlgorithm, OrderType
from domain.ids import SignalId
from domain.signal import Signal

SECOND_NS = 1_000_000_000
SETTLE_NS = 30 * SECOND_NS


def signal_lives(
    signals: Iterable[Signal],
    *,
    window_ns: int,
    max_ns: int,
    algorithm_defaults: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[SignalId, int]:
    """The life of every signal, in ns: at least `window_ns`, at most `max(window_ns, max_ns)`."""
    ordered = sorted(signals, key=lambda s: (s.ts_event, s.signal_id))
    next_in_stream: dict[SignalId, int] = {}
    last: dict[tuple[str, str], Signal] = {}
    for signal in target_changes(ordered):  # only these cancel what a stream has working
        stream = (signal.strategy_id, signal.instrument_key)
        if stream in last:
            next_in_stream[last[stream].signal_id] = signal.ts_event
        last[stream] = signal
    cap = max(window_ns, max_ns)
    return {
        s.signal_id: min(
            cap, _life(s, window_ns, cap, next_in_stream.get(s.signal_id), algorithm_defaults or {})
        )
        for s in ordered
    }


def _life(
    signal: Signal,
    window_ns: int,
    cap_ns: int,
    next_ts: int | None,
    defaults: Mapping[str, Mapping[str, Any]],
) -> int:
    life = window_ns
    algorithm = signal.exec_algorithm
    if algorithm in (ExecAlgorithm.TWAP, ExecAlgorithm.VWAP):
        try:
            params = parse_params(
                algorithm, signal.exec_algorithm_params, defaults.get(algorithm.value)
            )
        except (InvalidAlgorithmParams, TypeError, ValueError):
            params = None  # refused when it executes: nothing to load beyond the window
        if isinstance(params, SlicedHorizon):
            life = max(life, params.horizon_ns + SETTLE_NS)
    if signal.order_type is OrderType.LIMIT:
        rest = cap_ns if next_ts is None else next_ts - signal.ts_event
        life = max(life, rest)
    return life
