"""An import merged into the day object already stored: union of rows, duplicates dropped once.

Trades are the same trade when their `trade_id` is; funding rows when their `ts_event` is;
book rows only when the whole row is (the CONTRACTS book has no update id, and two rows
with the same times and levels say the same thing). Every stored row is kept and only new
rows it does not hold are added, sorted by `ts_event` (stable): importing the same file
twice changes nothing, and a merge never has fewer rows than the stored day.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from adapters.importers.object_paths import BOOK_SNAPSHOT_5, FUNDING, TRADES

_KEYS = {TRADES: ("trade_id",), FUNDING: ("ts_event",)}


class MergeError(ValueError):
    """A stored day whose columns do not match what is being imported into it."""


def merge_day(data_type: str, stored: pa.Table, new: pa.Table) -> pa.Table:
    """`stored` plus the rows of `new` it does not already hold, in the schema of `new`."""
    missing = [name for name in new.schema.names if name not in stored.schema.names]
    if missing:
        raise MergeError(f"the stored day has no column {', '.join(missing)}")
    try:
        stored = stored.select(new.schema.names).cast(new.schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise MergeError(f"the stored day's columns have other types: {error}") from None
    both = pa.concat_tables([stored, new]).combine_chunks()
    keys = list(new.schema.names) if data_type == BOOK_SNAPSHOT_5 else list(_KEYS[data_type])
    order = pa.array(np.arange(both.num_rows, dtype=np.int64))
    first = (
        both.append_column("\0row", order)
        .group_by(keys, use_threads=False)
        .aggregate([("\0row", "min")])
        .column("\0row_min")
        .to_numpy()
    )
    # every stored row stays (even a duplicate the stored day already had): never fewer rows
    kept = both.take(pa.array(np.union1d(np.arange(stored.num_rows), first)))
    ts = kept.column("ts_event").to_numpy()
    return kept.take(pa.array(np.argsort(ts, kind="stable")))
