"""A local directory laid out like the buckets: root/<bucket>/<URL-encoded object name>."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, unquote

import attrs

from adapters.buckets import DEFAULT_BUCKETS, bucket_map
from adapters.parquet.blob_store import BlobObjectStore, ObjectStat
from adapters.parquet.window_reader import WindowReadOptions
from ports.object_store import StorageTarget
from ports.storage_errors import BucketNotFound, ObjectNotFound

SAFE = "/-_.~="


def encode_name(name: str) -> str:
    """`:` -> `%3A`, `@` -> `%40`; slashes stay folders."""
    return quote(name, safe=SAFE)


@attrs.frozen(kw_only=True)
class LocalStoreConfig:
    """Where the directory is; `create_buckets` makes missing bucket folders on construction."""

    root: Path
    create_buckets: bool = True


class LocalBlobs:
    """Objects as files; writes land atomically (temp file, then rename)."""

    def __init__(self, root: Path, buckets: Mapping[StorageTarget, str], create: bool) -> None:
        self.root = Path(root)
        self.buckets = bucket_map(buckets)
        if create:
            for bucket in self.buckets.values():
                (self.root / bucket).mkdir(parents=True, exist_ok=True)

    def _bucket_dir(self, target: StorageTarget) -> Path:
        directory = self.root / self.buckets[target]
        if not directory.is_dir():
            raise BucketNotFound(target.value, self.buckets[target], location=str(directory))
        return directory

    def _file(self, target: StorageTarget, path: str) -> Path:
        if not path or any(part in ("", ".", "..") for part in path.split("/")):
            raise ValueError(f"object name {path!r} has an empty, '.' or '..' segment")
        return self._bucket_dir(target) / encode_name(path)

    def _existing(self, target: StorageTarget, path: str) -> Path:
        file = self._file(target, path)
        if not file.is_file():
            raise ObjectNotFound(target.value, self.buckets[target], path, location=str(file))
        return file

    def read(self, target: StorageTarget, path: str) -> bytes:
        return self._existing(target, path).read_bytes()

    def read_range(self, target: StorageTarget, path: str, offset: int, length: int) -> bytes:
        with self._existing(target, path).open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def stat(self, target: StorageTarget, path: str) -> ObjectStat:
        info = self._existing(target, path).stat()
        return ObjectStat(info.st_size, (info.st_size, info.st_mtime_ns, info.st_ino))

    def write(self, target: StorageTarget, path: str, data: bytes, content_type: str) -> None:
        file = self._file(target, path)
        file.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=file.parent, prefix=".upload-")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, file)

    def exists(self, target: StorageTarget, path: str) -> bool:
        return self._file(target, path).is_file()

    def location(self, target: StorageTarget, path: str) -> str:
        return str(self.root / self.buckets[target] / encode_name(path))

    def names(self, target: StorageTarget, prefix: str) -> list[str]:
        directory = self._bucket_dir(target)
        found = []
        for file in directory.rglob("*"):
            if file.is_file() and not file.name.startswith(".upload-"):
                name = unquote(file.relative_to(directory).as_posix())
                if name.startswith(prefix):
                    found.append(name)
        return found


class LocalObjectStore(BlobObjectStore):
    """ObjectStore on a local directory, chosen explicitly by configuration."""

    def __init__(
        self,
        root: Path,
        buckets: Mapping[StorageTarget, str] = DEFAULT_BUCKETS,
        window_options: WindowReadOptions | None = None,
        *,
        create_buckets: bool = True,
    ) -> None:
        self.blobs = LocalBlobs(root, buckets, create_buckets)
        super().__init__(self.blobs, window_options)

    @classmethod
    def from_config(cls, config: LocalStoreConfig) -> LocalObjectStore:
        return cls(config.root, create_buckets=config.create_buckets)
