"""The `api_audit` table and a trail that writes entries to it in batches, off the request."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgspec
from psycopg.types.json import Jsonb
from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import TIMESTAMP

from adapters.auth.audit import AuditEntry
from adapters.postgres.store import PostgresStore
from domain.errors import PersistenceUnavailable

log = logging.getLogger(__name__)
metadata = MetaData()

api_audit = Table(
    "api_audit",
    metadata,
    Column("audit_id", BigInteger, primary_key=True, autoincrement=True),
    Column("at", TIMESTAMP(timezone=True), nullable=False),
    Column("key_id", Text),
    Column("role", Text),
    Column("method", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("detail", Text),
    Index("ix_api_audit_at", "at"),
    Index("ix_api_audit_key_id", "key_id", "at"),
)

COLUMNS = ("at", "key_id", "role", "method", "path", "status_code", "detail")
TYPES = ("timestamptz", "text", "text", "text", "text", "integer", "text")
# A whole flush in one statement and one parameter: the entries as one JSON array, which
# msgspec writes much faster than psycopg dumps seven arrays element by element.
INSERT = (
    f"INSERT INTO api_audit ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} "
    "FROM jsonb_to_recordset(%s::jsonb) AS entry("
    + ", ".join(f"{c} {t}" for c, t in zip(COLUMNS, TYPES, strict=True))
    + ")"
)
_encode = msgspec.json.Encoder().encode
MAX_PENDING = 10_000


def _row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at,
        "key_id": entry.key_id,
        "role": entry.role,
        "method": entry.method,
        "path": entry.path.replace("\x00", "\\x00")[:2_000],
        "status_code": entry.status_code,
        "detail": None if entry.detail is None else entry.detail.replace("\x00", "\\x00")[:2_000],
    }


class PostgresAuditTrail:
    """Entries wait in memory and are inserted together; a database outage keeps them
    (up to MAX_PENDING) for the next flush, it never fails the call being audited."""

    def __init__(self, store: PostgresStore, *, flush_seconds: float = 0.2) -> None:
        self._store, self._flush_seconds = store, flush_seconds
        self._pending: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def record(self, entry: AuditEntry) -> None:
        if len(self._pending) >= MAX_PENDING:
            log.warning("audit: %d entries pending, dropping the oldest", MAX_PENDING)
            del self._pending[0]
        self._pending.append(_row(entry))
        self._wake.set()

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="api-audit-writer")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self.flush()

    async def flush(self) -> int:
        rows, self._pending = self._pending, []
        if not rows:
            return 0
        try:
            async with self._store.connection() as conn:
                await conn.execute(INSERT, (Jsonb(rows, dumps=_encode),))
        except (PersistenceUnavailable, Exception) as error:  # keep them for the next try
            self._pending[:0] = rows[-MAX_PENDING:]
            log.warning("audit: %d entries not yet stored: %s", len(rows), type(error).__name__)
            return 0
        return len(rows)

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self.flush()
            await asyncio.sleep(self._flush_seconds)
