"""The local fallback store's layout on disk: root/<bucket>/<URL-encoded object name>."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.buckets import DEFAULT_BUCKETS
from adapters.local.object_store import LocalObjectStore, LocalStoreConfig
from ports.object_store import DataFormat, StorageTarget

KEY_PATH = (
    "raw_tick_data/by_date/day-2024-01-01/data_type-trades/BYBIT:PERPETUAL:ETH-USDT@LIN.parquet"
)


def test_object_names_are_url_encoded_under_the_bucket_folder(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.upload(StorageTarget.MARKET_DATA, KEY_PATH, b"x", DataFormat.BYTES)
    on_disk = (
        tmp_path
        / DEFAULT_BUCKETS[StorageTarget.MARKET_DATA]
        / "raw_tick_data/by_date/day-2024-01-01/data_type-trades"
        / "BYBIT%3APERPETUAL%3AETH-USDT%40LIN.parquet"
    )
    assert on_disk.read_bytes() == b"x"
    assert store.list(StorageTarget.MARKET_DATA, "raw_tick_data/") == [KEY_PATH]


def test_a_store_over_the_same_folder_sees_the_same_objects(tmp_path: Path) -> None:
    LocalObjectStore(tmp_path).upload(StorageTarget.EXECUTION, "a/b.json", [1], DataFormat.JSON)
    again = LocalObjectStore.from_config(LocalStoreConfig(root=tmp_path))
    assert again.download(StorageTarget.EXECUTION, "a/b.json", DataFormat.JSON) == [1]


@pytest.mark.parametrize("name", ["../escape", "a//b", "a/./b", ""])
def test_names_that_could_leave_the_bucket_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="segment"):
        LocalObjectStore(tmp_path).upload(StorageTarget.EXECUTION, name, b"x", DataFormat.BYTES)
