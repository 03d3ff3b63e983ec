"""ObjectStore on Google Cloud Storage: ranged reads, timeouts, retries with backoff on 429/5xx."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import requests
from google.api_core import exceptions as gexc
from google.cloud import storage

from adapters.buckets import DEFAULT_BUCKETS, bucket_map
from adapters.parquet.blob_store import BlobObjectStore, ObjectStat
from adapters.parquet.window_reader import WindowReadOptions
from application.execution.retry import RetryPolicy
from ports.object_store import StorageTarget
from ports.storage_errors import BucketNotFound, ObjectNotFound, StorageUnavailable

T = TypeVar("T")
DEFAULT_RETRY = RetryPolicy(max_attempts=5, base_delay_seconds=0.2, max_delay_seconds=5.0)


def is_retryable(error: BaseException) -> bool:
    """429, 5xx, dropped connections and timeouts; never 4xx like 404 or 403."""
    if isinstance(error, gexc.GoogleAPICallError):
        code = error.code or 0
        return code == 429 or code >= 500
    return isinstance(error, ConnectionError | TimeoutError | requests.RequestException)


class GcsBlobs:
    """Raw blob calls, each retried per the policy and mapped to storage errors."""

    def __init__(
        self,
        client: storage.Client,
        buckets: Mapping[StorageTarget, str],
        timeout: float,
        retry: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client, self.buckets = client, bucket_map(buckets)
        self._timeout, self._retry, self._sleep = timeout, retry, sleep
        self._known_buckets: set[str] = set()

    def call(self, target: StorageTarget, path: str | None, call: Callable[[], T]) -> T:
        """Run `call`, retrying 429/5xx/connection errors with backoff; 404 -> typed error."""
        attempt = 1
        while True:
            try:
                return call()
            except gexc.NotFound:
                raise self._not_found(target, path) from None
            except Exception as error:
                if not is_retryable(error):
                    raise
                if attempt >= self._retry.max_attempts:
                    raise StorageUnavailable(
                        target.value, self.buckets[target], path, f"{type(error).__name__}: {error}"
                    ) from error
                attempt += 1
                self._sleep(self._retry.delay_before(attempt))

    def _not_found(self, target: StorageTarget, path: str | None) -> Exception:
        bucket = self.buckets[target]
        if path is None or not self._bucket_exists(target):
            return BucketNotFound(target.value, bucket)
        return ObjectNotFound(target.value, bucket, path)

    def _bucket_exists(self, target: StorageTarget) -> bool:
        name = self.buckets[target]
        if name not in self._known_buckets:
            bucket = self.client.bucket(name)
            if not bucket.exists(timeout=self._timeout, retry=None):
                return False
            self._known_buckets.add(name)
        return True

    def _blob(self, target: StorageTarget, path: str) -> storage.Blob:
        return self.client.bucket(self.buckets[target]).blob(path)

    def read(self, target: StorageTarget, path: str) -> bytes:
        blob = self._blob(target, path)
        return self.call(
            target, path, lambda: blob.download_as_bytes(timeout=self._timeout, retry=None)
        )

    def read_range(self, target: StorageTarget, path: str, offset: int, length: int) -> bytes:
        if length <= 0:
            return b""
        blob = self._blob(target, path)
        return self.call(
            target,
            path,
            lambda: blob.download_as_bytes(
                start=offset,
                end=offset + length - 1,
                checksum=None,
                timeout=self._timeout,
                retry=None,
            ),
        )

    def stat(self, target: StorageTarget, path: str) -> ObjectStat:
        bucket = self.client.bucket(self.buckets[target])
        blob = self.call(
            target, path, lambda: bucket.get_blob(path, timeout=self._timeout, retry=None)
        )
        if blob is None:
            raise self._not_found(target, path)
        return ObjectStat(int(blob.size or 0), (blob.generation, blob.size))

    def write(self, target: StorageTarget, path: str, data: bytes, content_type: str) -> None:
        blob = self._blob(target, path)
        self.call(
            target,
            path,
            lambda: blob.upload_from_string(
                data, content_type=content_type, timeout=self._timeout, retry=None
            ),
        )

    def location(self, target: StorageTarget, path: str) -> str:
        return f"gs://{self.buckets[target]}/{path}"

    def exists(self, target: StorageTarget, path: str) -> bool:
        blob = self._blob(target, path)
        found = self.call(target, path, lambda: blob.exists(timeout=self._timeout, retry=None))
        if not found and not self._bucket_exists(target):
            raise BucketNotFound(target.value, self.buckets[target])
        return found

    def names(self, target: StorageTarget, prefix: str) -> list[str]:
        bucket = self.buckets[target]
        return self.call(
            target,
            None,
            lambda: [
                blob.name
                for blob in self.client.list_blobs(
                    bucket, prefix=prefix or None, timeout=self._timeout, retry=None
                )
            ],
        )


class GcsObjectStore(BlobObjectStore):
    """ObjectStore on GCS (or its emulator); the client comes from `adapters.gcs.factory`."""

    def __init__(
        self,
        client: storage.Client,
        buckets: Mapping[StorageTarget, str] = DEFAULT_BUCKETS,
        *,
        timeout: float = 60.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        window_options: WindowReadOptions | None = None,
    ) -> None:
        self.blobs = GcsBlobs(client, buckets, timeout, retry)
        super().__init__(self.blobs, window_options)
