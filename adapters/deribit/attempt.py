"""One send of a request whose outcome matters (order, cancel): a certain failure raised,
an uncertain one returned, so that the caller asks Deribit before anything else."""

from __future__ import annotations

from typing import Any

import attrs

from adapters.deribit.errors import (
    ConnectionLost,
    DeribitApiError,
    NotConnected,
    lost_error,
    to_venue_error,
)
from adapters.deribit.session import DeribitSession
from domain.errors import VenueError


@attrs.frozen
class Uncertain:
    """The request may or may not have been processed: `failure` if it was not."""

    failure: VenueError
    cause: str


async def send_once(
    session: DeribitSession, venue: str, method: str, params: dict[str, Any]
) -> Any:
    """Deribit's result, or `Uncertain`. Raises a retryable `VenueError` when nothing was
    sent and a final one for a definite refusal."""
    try:
        return await session.call_once(method, params)
    except NotConnected as down:
        raise lost_error(venue, method, query=False, sent=False, cause=str(down)) from None
    except DeribitApiError as error:
        if error.definite_refusal:
            raise to_venue_error(venue, error) from None
        return Uncertain(to_venue_error(venue, error), f"Deribit answered {error.code}")
    except ConnectionLost as lost:
        return Uncertain(lost_error(venue, method, query=False), str(lost))
