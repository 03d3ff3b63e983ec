"""The memory ObjectStore, remembering the order of uploads and refusing chosen files."""

from __future__ import annotations

import io
from typing import Any

import pyarrow.parquet as pq

from adapters.memory.object_store import MemoryObjectStore
from ports.object_store import DataFormat, StorageTarget


class RecordingStore(MemoryObjectStore):
    """`uploads` lists the paths in the order written; names in `fail_on` cannot be written."""

    def __init__(self) -> None:
        super().__init__()
        self.uploads: list[str] = []
        self.fail_on: set[str] = set()

    def upload(self, target: StorageTarget, path: str, data: Any, format: DataFormat) -> None:
        if path.rsplit("/", 1)[-1] in self.fail_on:
            raise OSError(f"write refused: {path}")
        super().upload(target, path, data, format)
        self.uploads.append(path)

    def table(self, path: str) -> Any:
        """The object read with pyarrow itself, not through the store's decoder."""
        raw = self.download(StorageTarget.EXECUTION, path, DataFormat.BYTES)
        return pq.read_table(io.BytesIO(raw))

    def json(self, path: str) -> Any:
        return self.download(StorageTarget.EXECUTION, path, DataFormat.JSON)
