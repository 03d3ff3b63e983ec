"""Builds the live run recorder (a LIVE- run id, the writer over the object store) and the
outage journal of the order store."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal
from pathlib import Path

from adapters.postgres.outage_journal import FileOutageJournal
from adapters.results.parquet_tables import ParquetTableEncoder
from application.live.run_records import LiveRunRecorder
from application.positions.tracker import UnifiedPositionTracker
from application.runs.ids import new_run_id
from application.runs.writer import RunWriter
from application.settings.schema import Settings
from bootstrap.settings.loader import to_json
from ports.clock import Clock
from ports.object_store import ObjectStore

OUTAGE_JOURNAL_ENV = "ODUM_OUTAGE_JOURNAL"
DEFAULT_OUTAGE_JOURNAL = "var/outage-journal.jsonl"


def outage_journal() -> FileOutageJournal:
    """The local append-only file that keeps venue facts while the order store is down
    (path from ODUM_OUTAGE_JOURNAL; written only during an outage)."""
    return FileOutageJournal(Path(os.environ.get(OUTAGE_JOURNAL_ENV, DEFAULT_OUTAGE_JOURNAL)))


def live_run_recorder(
    settings: Settings, positions: UnifiedPositionTracker, clock: Clock, store: ObjectStore
) -> LiveRunRecorder:
    live = settings.live
    starting = live.starting_balance
    if starting is None:
        starting = sum(
            (v.starting_balances.get(live.currency, Decimal(0)) for v in settings.venues),
            Decimal(0),
        )
    return LiveRunRecorder(
        run_id=new_run_id("LIVE", clock.now(), secrets.token_hex(3)),
        mode=live.mode,
        config=to_json(settings),
        positions=positions,
        clock=clock,
        writer=RunWriter(store, ParquetTableEncoder()),
        starting_balance=starting,
        currency=live.currency,
        margin_rate=settings.risk.margin_rate,
        refresh_seconds=live.refresh_seconds,
    )
