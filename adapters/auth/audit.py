"""Audit entries of mutating API calls (who, what, when, result) and the log trail."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import attrs

log = logging.getLogger("odum.audit")


@attrs.frozen(kw_only=True)
class AuditEntry:
    """One mutating call: the key id (never the key), the call, its time and its status."""

    at: datetime
    key_id: str | None
    role: str | None
    method: str
    path: str
    status_code: int
    detail: str | None = None


class AuditTrail(Protocol):
    """Where audit entries go; `record` never blocks the request it describes."""

    def record(self, entry: AuditEntry) -> None: ...


def escaped(text: str, limit: int = 300) -> str:
    """Client text as one printable line: a `%0A` in a URL cannot forge a log line."""
    cut = text[:limit]
    if cut.isascii() and cut.isprintable() and "\\" not in cut:
        safe = cut  # what unicode_escape would give back unchanged (most paths)
    else:
        safe = cut.encode("unicode_escape", "backslashreplace").decode("ascii")
    return safe + ("..." if len(text) > limit else "")


class LogAuditTrail:
    """Each entry as one line of the `odum.audit` logger."""

    def record(self, entry: AuditEntry) -> None:
        log.info(
            "audit key=%s role=%s %s %s -> %d%s",
            entry.key_id or "-",
            entry.role or "-",
            entry.method,
            escaped(entry.path),
            entry.status_code,
            f" ({escaped(entry.detail)})" if entry.detail else "",
        )


class AuditTrails:
    """Every trail in turn; one that fails is logged and the others still record."""

    def __init__(self, trails: Sequence[AuditTrail]) -> None:
        self._trails = tuple(trails)

    def record(self, entry: AuditEntry) -> None:
        for trail in self._trails:
            try:
                trail.record(entry)
            except Exception:
                log.exception("an audit trail failed to record")
