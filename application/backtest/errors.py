"""Why a backtest cannot run: each error names what is wrong and where."""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import DomainError


class BacktestError(DomainError):
    """Base of every reason a backtest run fails before or while it runs."""


class InvalidBacktestConfig(BacktestError):
    """The configuration cannot drive a backtest; `problems` lists each field and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid backtest configuration: " + "; ".join(problems))


class UnknownInstrument(BacktestError):
    """A signal names an instrument the day's instruments file or the venues do not list."""

    def __init__(self, instrument_key: str, signal_id: str, reason: str) -> None:
        self.instrument_key, self.signal_id, self.reason = instrument_key, signal_id, reason
        super().__init__(f"unknown instrument {instrument_key} in signal {signal_id}: {reason}")


class MissingTickData(BacktestError):
    """A window's tick file is missing or cannot be read; `signal_ids` names the signals
    that cannot execute without it (when known before the run)."""

    def __init__(
        self,
        instrument_key: str,
        data_type: str,
        day: str,
        reason: str,
        signal_ids: Sequence[str] = (),
    ) -> None:
        self.instrument_key, self.data_type, self.day = instrument_key, data_type, day
        self.reason, self.signal_ids = reason, list(signal_ids)
        message = f"no readable {data_type} of {instrument_key} on {day}: {reason}"
        if self.signal_ids:
            message += f"; signals not executed: {_listed(self.signal_ids)}"
        super().__init__(message)


class EmptyWindow(BacktestError):
    """A signal's window holds no trade and no book snapshot of its instrument."""

    def __init__(self, instrument_key: str, start: str, end: str) -> None:
        self.instrument_key, self.start, self.end = instrument_key, start, end
        super().__init__(
            f"empty window for {instrument_key} from {start} to {end}: no trades and no book "
            "snapshots (is the tick data complete for that day?)"
        )


class SignalsNotExecuted(BacktestError):
    """Signals the run loaded but could not execute; `signal_ids` names every one."""

    def __init__(self, signal_ids: list[str], reason: str) -> None:
        self.signal_ids, self.reason = list(signal_ids), reason
        super().__init__(
            f"{len(self.signal_ids)} signal(s) not executed ({reason}): " + _listed(self.signal_ids)
        )


def _listed(ids: Sequence[str], shown: int = 20) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more
