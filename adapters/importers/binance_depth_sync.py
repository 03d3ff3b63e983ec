"""The Binance USD-M futures local order book procedure: REST snapshot plus sequenced diffs.

As Binance documents it: buffer the @depth events, load the REST snapshot, drop every
event with `u < lastUpdateId`, the first event applied must have
`U <= lastUpdateId <= u`, and from then on each event's `pu` must equal the previous
event's `u`. A break is recorded as a `SyncGap`; the book stays out of sync (nothing is
applied) until a later snapshot in the recording restarts the procedure. A snapshot that
arrives while the book is in sync is ignored, and so is a diff already applied (files
that overlap repeat the diffs of their common stretch).
"""

from __future__ import annotations

from collections import deque

import attrs

from adapters.importers.order_book import Level, OrderBook


@attrs.frozen(kw_only=True)
class DepthDiff:
    """One @depth event: update ids `U..u`, previous `pu`, absolute level sizes."""

    line: int
    local_ns: int
    ts_event: int
    first_id: int
    last_id: int
    previous_id: int
    bids: tuple[Level, ...]
    asks: tuple[Level, ...]


@attrs.frozen(kw_only=True)
class SyncGap:
    """Where and why the rebuilt book lost its sequence."""

    line: int
    expected: int
    got: int
    rule: str


# Diffs kept while waiting for a snapshot; a recording whose snapshot never comes (a
# continuation file with no book to continue) must not hold all of its diffs in memory.
BUFFERED_DIFFS = 50_000


def _buffer(diffs: list[DepthDiff] | None = None) -> deque[DepthDiff]:
    return deque(diffs or (), maxlen=BUFFERED_DIFFS)


class DepthSynchroniser:
    """Feeds snapshots and diffs into an `OrderBook`; returns the diffs actually applied."""

    def __init__(self, book: OrderBook) -> None:
        self.book = book
        self.gaps: list[SyncGap] = []
        self._buffer: deque[DepthDiff] = _buffer()
        self._snapshot_id: int | None = None  # loaded, first diff not yet applied
        self._last_id: int | None = None  # id of the last applied diff while in sync

    @property
    def in_sync(self) -> bool:
        return self._last_id is not None

    def on_snapshot(
        self, last_update_id: int, bids: list[Level], asks: list[Level]
    ) -> list[DepthDiff]:
        if self.in_sync:
            return []
        self.book.replace(bids, asks)
        self._snapshot_id = last_update_id
        buffered, self._buffer = self._buffer, _buffer()
        applied: list[DepthDiff] = []
        for diff in buffered:
            applied += self.on_diff(diff)
        return applied

    def on_diff(self, diff: DepthDiff) -> list[DepthDiff]:
        if self._last_id is not None:
            if diff.last_id <= self._last_id:
                return []  # already applied: a file overlapping the one before repeats it
            if diff.previous_id != self._last_id:
                rule = f"pu {diff.previous_id} != previous u {self._last_id}"
                return self._lose_sync(
                    diff, expected=self._last_id, got=diff.previous_id, rule=rule
                )
            return self._apply(diff)
        if self._snapshot_id is None:
            self._buffer.append(diff)
            return []
        if diff.last_id < self._snapshot_id:
            return []
        if diff.first_id > self._snapshot_id:
            rule = f"first diff U {diff.first_id} > lastUpdateId {self._snapshot_id}"
            return self._lose_sync(diff, expected=self._snapshot_id, got=diff.first_id, rule=rule)
        self._snapshot_id = None
        return self._apply(diff)

    def _apply(self, diff: DepthDiff) -> list[DepthDiff]:
        self.book.apply(diff.bids, diff.asks)
        self._last_id = diff.last_id
        return [diff]

    def _lose_sync(self, diff: DepthDiff, *, expected: int, got: int, rule: str) -> list[DepthDiff]:
        self.gaps.append(SyncGap(line=diff.line, expected=expected, got=got, rule=rule))
        self._last_id = self._snapshot_id = None
        self._buffer = _buffer([diff])
        return []
