"""What a backtest is asked to do, and the progress it reports while it runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import attrs

from application.settings.schema import Settings


@attrs.frozen(kw_only=True)
class BacktestCommand:
    """Run `settings` over `dates` as `run_id`; `config` is the JSON echoed in the outputs
    (default: the settings with the dates actually run)."""

    run_id: str
    settings: Settings
    dates: tuple[date, ...] = attrs.field(converter=tuple)
    created_at: datetime | None = None
    config: Mapping[str, Any] | None = None

    def effective_config(self) -> dict[str, Any]:
        if self.config is not None:
            return dict(self.config)
        config = attrs.asdict(self.settings)
        config["backtest"]["dates"] = [day.isoformat() for day in sorted(set(self.dates))]
        return config


@attrs.frozen(kw_only=True)
class ProgressEvent:
    """A listing's data of run window `window_index` (0-based) of `window_total` was read;
    `bytes_read` so far in this run."""

    window_index: int
    window_total: int
    instrument_key: str
    day: date
    start_ns: int
    end_ns: int
    bytes_read: int

    @property
    def windows_done(self) -> int:
        return self.window_index + 1

    @property
    def windows_total(self) -> int:
        return self.window_total


Progress = Callable[[ProgressEvent], None]
