"""Storage errors: each names the target, the bucket and (where there is one) the object.

`location` is where a person finds it (a local file or directory for the local store);
without it the error names the `gs://` URL.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base of every object-store failure; never an empty result instead of one of these."""

    def __init__(
        self,
        target: str,
        bucket: str,
        path: str | None,
        problem: str,
        *,
        location: str | None = None,
    ) -> None:
        self.target, self.bucket, self.path, self.problem = target, bucket, path, problem
        where = f"gs://{bucket}/{path}" if path is not None else f"bucket {bucket}"
        self.location = location or where
        super().__init__(f"{problem}: {self.location} (target {target})")


class BucketNotFound(StorageError):
    """The bucket a target maps to does not exist."""

    def __init__(self, target: str, bucket: str, *, location: str | None = None) -> None:
        super().__init__(target, bucket, None, "bucket not found", location=location)


class ObjectNotFound(StorageError):
    """No object at this path."""

    def __init__(self, target: str, bucket: str, path: str, *, location: str | None = None) -> None:
        super().__init__(target, bucket, path, "object not found", location=location)


class CorruptObject(StorageError):
    """The object exists but cannot be read in the asked format (truncated, not parquet...)."""

    def __init__(
        self, target: str, bucket: str, path: str, reason: str, *, location: str | None = None
    ) -> None:
        self.reason = reason
        super().__init__(target, bucket, path, f"corrupt object ({reason})", location=location)


class StorageUnavailable(StorageError):
    """The store kept failing (timeouts, 429, 5xx) after every retry."""

    def __init__(
        self,
        target: str,
        bucket: str,
        path: str | None,
        reason: str,
        *,
        location: str | None = None,
    ) -> None:
        self.reason = reason
        super().__init__(target, bucket, path, f"storage unavailable ({reason})", location=location)
