"""Default bucket of each storage target (CONTRACTS §2); configuration may override them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ports.object_store import StorageTarget

DEFAULT_BUCKETS: MappingProxyType[StorageTarget, str] = MappingProxyType(
    {
        StorageTarget.INSTRUMENTS: "instruments-store-cefi-central-element-323112",
        StorageTarget.MARKET_DATA: "market-data-tick-cefi-central-element-323112",
        StorageTarget.EXECUTION: "execution-store-cefi-central-element-323112",
        StorageTarget.SIGNALS: "strategy-store-cefi-central-element-323112",
    }
)


def bucket_map(buckets: Mapping[StorageTarget, str] | None = None) -> dict[StorageTarget, str]:
    """Every target mapped to a bucket: the defaults, overridden by `buckets`."""
    return {**DEFAULT_BUCKETS, **(buckets or {})}
