"""A dict-backed ObjectStore for these tests: uploads kept as bytes, parquet read back."""

from __future__ import annotations

import io
from typing import Any

import pyarrow.parquet as pq

from ports.object_store import DataFormat, StorageTarget


class DictObjectStore:
    """Only what the importers and the generator use: upload, download, exists, list."""

    def __init__(self) -> None:
        self.objects: dict[tuple[StorageTarget, str], bytes] = {}

    def upload(self, target: StorageTarget, path: str, data: Any, format: DataFormat) -> None:
        assert format is DataFormat.BYTES, "the importers write parquet bytes"
        self.objects[(target, path)] = bytes(data)

    def download(self, target: StorageTarget, path: str, format: DataFormat) -> Any:
        data = self.objects[(target, path)]
        return pq.read_table(io.BytesIO(data)) if format is DataFormat.PARQUET else data

    def exists(self, target: StorageTarget, path: str) -> bool:
        return (target, path) in self.objects

    def list(self, target: StorageTarget, prefix: str = "") -> list[str]:
        return sorted(p for t, p in self.objects if t is target and p.startswith(prefix))

    def parquet_file(self, target: StorageTarget, path: str) -> pq.ParquetFile:
        return pq.ParquetFile(io.BytesIO(self.objects[(target, path)]))
