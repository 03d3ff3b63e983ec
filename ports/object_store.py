"""Object store port: the UCS interface of CONTRACTS §2 (download, streaming download, upload)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

import attrs


class StorageTarget(StrEnum):
    """Which bucket an object lives in; adapters map each to a configured bucket name."""

    INSTRUMENTS = "instruments"
    MARKET_DATA = "market_data"
    EXECUTION = "execution"
    SIGNALS = "signals"


class DataFormat(StrEnum):
    PARQUET = "parquet"
    JSON = "json"
    CSV = "csv"
    BYTES = "bytes"
    TEXT = "text"


class Table(Protocol):
    """Columnar rows as the store returns them (a pyarrow Table satisfies this)."""

    @property
    def num_rows(self) -> int: ...

    @property
    def column_names(self) -> list[str]: ...

    def column(self, name: str) -> Any: ...

    def to_pylist(self) -> list[dict[str, Any]]: ...


@attrs.frozen(kw_only=True)
class IoCounters:
    """Bytes and requests a store served so far (reads and writes apart)."""

    bytes_read: int = 0
    read_requests: int = 0
    bytes_written: int = 0
    write_requests: int = 0
    metadata_requests: int = 0

    def __add__(self, other: IoCounters) -> IoCounters:
        return IoCounters(**{k: getattr(self, k) + getattr(other, k) for k in _COUNTER_FIELDS})

    def __sub__(self, other: IoCounters) -> IoCounters:
        """What was served between two snapshots (`after - before`)."""
        return IoCounters(**{k: getattr(self, k) - getattr(other, k) for k in _COUNTER_FIELDS})


_COUNTER_FIELDS = (
    "bytes_read",
    "read_requests",
    "bytes_written",
    "write_requests",
    "metadata_requests",
)


@runtime_checkable
class ObjectStore(Protocol):
    """Reads and writes objects; every call is counted. Missing objects raise, never empty.

    Failures raise `ports.storage_errors` types (ObjectNotFound, BucketNotFound,
    CorruptObject, StorageUnavailable), each naming the target, bucket and object.
    """

    def download(self, target: StorageTarget, path: str, format: DataFormat) -> Any:
        """Whole object: Table for parquet/csv, parsed JSON, bytes or text."""
        ...

    def download_streaming(
        self,
        target: StorageTarget,
        path: str,
        timestamp_range: tuple[int, int],
        timestamp_column: str = "ts_event",
        columns: Sequence[str] | None = None,
    ) -> Table:
        """Rows with `start <= ts < end`, reading only the row groups (and pages) that hold them."""
        ...

    def upload(self, target: StorageTarget, path: str, data: Any, format: DataFormat) -> None: ...

    def exists(self, target: StorageTarget, path: str) -> bool: ...

    def size(self, target: StorageTarget, path: str) -> int: ...

    def list(self, target: StorageTarget, prefix: str = "") -> list[str]: ...

    @property
    def counters(self) -> IoCounters:
        """Everything served since construction or the last `reset_counters`."""
        ...

    def reset_counters(self) -> IoCounters:
        """Start a new run: return the counters so far and set them back to zero."""
        ...
