"""Which configured venues have no market data on which day of a run (said, never silent)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from domain.instrument import Instrument
from domain.venue import Venue

log = logging.getLogger(__name__)


def venues_without_data(
    venues: Sequence[Venue],
    listings: Mapping[date, Mapping[str, Instrument]],
    has_day: Callable[[date, str], bool],
) -> dict[str, list[tuple[date, str]]]:
    """Per venue id, the days it cannot trade and why: no listing of it in that day's
    instruments file, or none of its listings has tick files that day. Each is logged."""
    missing: dict[str, list[tuple[date, str]]] = {}
    for day in sorted(listings):
        for venue in venues:
            keys = sorted(
                key
                for key, instrument in listings[day].items()
                if instrument.venue == venue.venue_id
                and (not venue.instruments or key in venue.instruments)
            )
            if not keys:
                why = "no listing in the instruments file"
            elif not any(has_day(day, key) for key in keys):
                why = f"no tick files for its {len(keys)} listing(s)"
            else:
                continue
            missing.setdefault(venue.venue_id, []).append((day, why))
            log.warning(
                "venue %s has no market data on %s (%s): it takes no part in that day",
                venue.venue_id,
                day.isoformat(),
                why,
            )
    return missing
