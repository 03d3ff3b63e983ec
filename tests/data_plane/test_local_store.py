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


def test_errors_name_the_local_file_or_directory_not_a_gs_url(tmp_path: Path) -> None:
    from ports.storage_errors import BucketNotFound, CorruptObject, ObjectNotFound

    store = LocalObjectStore(tmp_path)
    with pytest.raises(ObjectNotFound) as missing:
        store.download(StorageTarget.MARKET_DATA, KEY_PATH, DataFormat.BYTES)
    bucket_dir = tmp_path / DEFAULT_BUCKETS[StorageTarget.MARKET_DATA]
    assert str(bucket_dir / "raw_tick_data/by_date/day-2024-01-01") in str(missing.value)
    store.upload(StorageTarget.MARKET_DATA, KEY_PATH, b"not parquet", DataFormat.BYTES)
    with pytest.raises(CorruptObject) as corrupt:
        store.download_streaming(StorageTarget.MARKET_DATA, KEY_PATH, (0, 1))
    assert str(bucket_dir) in str(corrupt.value)
    with pytest.raises(BucketNotFound) as no_bucket:
        LocalObjectStore(tmp_path / "empty", create_buckets=False).list(StorageTarget.SIGNALS)
    assert str(tmp_path / "empty") in str(no_bucket.value)
    for error in (missing, corrupt, no_bucket):
        assert "gs://" not in str(error.value)
