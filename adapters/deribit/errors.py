"""Deribit error codes mapped to `VenueError`: retryable or final, with a reason a trader reads.

Which answers to `private/buy` / `private/sell` are the truth, and which may come back
although the matching engine took the order (Deribit API v2.1.1 error list):

- `DEFINITE_REFUSALS`: validation answers given before the order reaches the matching engine
  (invalid params, amount, price, tick, instrument, funds, permissions, credentials). Final:
  nothing was placed.
- `REAUTHENTICATE` (10000, 13009, 13010, 13011: token missing, expired, revoked or invalid):
  nothing was done; log in again at once and send once more.
- Everything else is of unknown outcome: the temporary `RETRYABLE` codes (11094 internal
  error, 13028 temporarily unavailable, 13888 timed out, 10028 rate limit, 10040 retry,
  10047 queue full, 10066, 11051 maintenance, 10041 settlement), 10010 already closed (an
  order that filled at once), 10001 general error, 11030 other reject and any code not
  listed. The adapter asks `private/get_order_state_by_label` before it declares a refusal
  or re-sends; a lost answer (timeout, socket dropped mid-request) is treated the same way.
"""

from __future__ import annotations

from typing import Any

from domain.errors import VenueError, VenueOutcomeUnknown

TOO_MANY_REQUESTS = 10028
UNAUTHORIZED = 13009

REAUTHENTICATE: frozenset[int] = frozenset({10000, 13009, 13010, 13011})

DEFINITE_REFUSALS: frozenset[int] = frozenset(
    {
        -32602,  # invalid params
        -32601,  # method not found
        10002,  # qty_too_low
        10003,  # order_overlap (self-trading)
        10005,  # price_too_low
        10006,  # price_too_low4idx
        10007,  # price_too_high
        10009,  # not_enough_funds
        10011,  # price_not_allowed
        10012,  # book_closed
        *range(10013, 10019),  # open-order and position size limits
        10019,  # locked_by_admin
        *range(10020, 10028),  # invalid instrument, amount, quantity, price, max_show, id...
        10029,  # not_owner_of_order
        10030,  # must_be_websocket_request
        10031,  # invalid_args_for_instrument
        10032,  # whole_cost_too_low
        10033,  # not_implemented
        10034,  # trigger_price_too_high
        10035,  # trigger_price_too_low
        10036,  # invalid_max_show_amount
        10043,  # price_wrong_tick
        10044,  # trigger_price_wrong_tick
        11029,  # invalid_arguments
        11050,  # bad_request
        13004,  # invalid_credentials
        13020,  # not_found (instrument)
        13021,  # forbidden (key lacks the trade scope)
    }
)

# Temporary conditions: trying again later may succeed.
RETRYABLE: frozenset[int] = frozenset(
    {10028, 10040, 10041, 10047, 10066, 11051, 11094, 13028, 13888}
)

REASONS: dict[int, str] = {
    10000: "authorization required",
    10001: "Deribit general error",
    10004: "order not found at Deribit",
    10009: "not enough funds for this order",
    10010: "order is already closed",
    10011: "price is too low",
    10012: "invalid amount",
    10020: "instrument is not traded at Deribit",
    10028: "Deribit rate limit hit (too many requests)",
    10029: "the order belongs to another account",
    10040: "Deribit asked to retry the request",
    10041: "settlement in progress",
    10047: "Deribit matching engine queue is full",
    10066: "too many concurrent requests",
    11029: "invalid order arguments",
    11050: "bad request",
    11051: "Deribit system maintenance",
    11094: "Deribit internal server error",
    13004: "invalid API credentials",
    13009: "unauthorized: token missing, expired or invalid",
    13010: "access token revoked or a value is missing",
    13011: "access token lacks the scope, or a value is too short",
    13020: "not found",
    13021: "forbidden: the API key lacks the permission",
    13028: "Deribit is temporarily unavailable",
    13888: "Deribit timed out processing the request",
}


class DeribitApiError(Exception):
    """An error answer of the Deribit JSON-RPC API (`error.code`, `error.message`)."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        self.code, self.message, self.data = code, message, data
        super().__init__(f"[{code}] {message}")

    @classmethod
    def from_json(cls, error: dict[str, Any]) -> DeribitApiError:
        return cls(int(error.get("code", 0)), str(error.get("message", "")), error.get("data"))

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE

    @property
    def definite_refusal(self) -> bool:
        """Deribit refused before doing anything: an order was certainly not placed."""
        return self.code in DEFINITE_REFUSALS

    @property
    def needs_login(self) -> bool:
        return self.code in REAUTHENTICATE


class ConnectionLost(Exception):
    """The transport went away; the outcome of requests in flight is unknown."""


class NotConnected(ConnectionLost):
    """Nothing was sent: there is no connection to send on."""


def reason_for(error: DeribitApiError) -> str:
    """A human reason: our wording for the code, Deribit's own detail in brackets."""
    base = REASONS.get(error.code, error.message or "unknown Deribit error")
    detail = _detail(error)
    return f"{base} ({detail})" if detail else base


def to_venue_error(venue: str, error: DeribitApiError) -> VenueError:
    return VenueError(venue, str(error.code), reason_for(error), retryable=error.retryable)


def outcome_unknown(venue: str, method: str, cause: str) -> VenueOutcomeUnknown:
    """The order may be at Deribit and Deribit could not be asked: never re-send elsewhere."""
    return VenueOutcomeUnknown(
        venue,
        "OUTCOME_UNKNOWN",
        f"{method}: {cause}; Deribit could not be asked whether it holds the order",
    )


def lost_error(
    venue: str, method: str, *, query: bool, sent: bool = True, cause: str = ""
) -> VenueError:
    """A call without an answer: harmless for a query, of unknown outcome for an order."""
    if not sent:
        because = f": {cause}" if cause and cause != "not connected" else ""
        return VenueError(
            venue, "NOT_CONNECTED", f"not connected to Deribit ({method}){because}", retryable=True
        )
    if query:
        return VenueError(venue, "UNREACHABLE", f"Deribit unreachable for {method}", retryable=True)
    return VenueError(
        venue,
        "DISCONNECTED",
        f"connection to Deribit lost during {method}; outcome unknown",
        retryable=True,
    )


def _detail(error: DeribitApiError) -> str:
    # Deribit's reason and the *name* of a bad parameter: never parameter values, which for
    # public/auth would be secrets.
    parts: list[str] = []
    if isinstance(error.data, dict):
        if isinstance(error.data.get("reason"), str):
            parts.append(error.data["reason"])
        if isinstance(error.data.get("param"), str):
            parts.append(f"param {error.data['param']}")
    return "; ".join(parts)
