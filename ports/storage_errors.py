"""Storage errors: each names the target, the bucket and (where there is one) the object."""

from __future__ import annotations


class StorageError(Exception):
    """Base of every object-store failure; never an empty result instead of one of these."""

    def __init__(self, target: str, bucket: str, path: str | None, problem: str) -> None:
        self.target, self.bucket, self.path, self.problem = target, bucket, path, problem
        where = f"gs://{bucket}/{path}" if path is not None else f"bucket {bucket}"
        super().__init__(f"{problem}: {where} (target {target})")


class BucketNotFound(StorageError):
    """The bucket a target maps to does not exist."""

    def __init__(self, target: str, bucket: str) -> None:
        super().__init__(target, bucket, None, "bucket not found")


class ObjectNotFound(StorageError):
    """No object at this path."""

    def __init__(self, target: str, bucket: str, path: str) -> None:
        super().__init__(target, bucket, path, "object not found")


class CorruptObject(StorageError):
    """The object exists but cannot be read in the asked format (truncated, not parquet...)."""

    def __init__(self, target: str, bucket: str, path: str, reason: str) -> None:
        self.reason = reason
        super().__init__(target, bucket, path, f"corrupt object ({reason})")


class StorageUnavailable(StorageError):
    """The store kept failing (timeouts, 429, 5xx) after every retry."""

    def __init__(self, target: str, bucket: str, path: str | None, reason: str) -> None:
        self.reason = reason
        super().__init__(target, bucket, path, f"storage unavailable ({reason})")
