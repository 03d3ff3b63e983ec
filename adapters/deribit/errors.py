"""Deribit error codes mapped to `VenueError`: retryable or final, with a reason a trader reads."""

from __future__ import annotations

from typing import Any

from domain.errors import VenueError

TOO_MANY_REQUESTS = 10028
UNAUTHORIZED = 13009

# Temporary conditions: trying again later may succeed.
RETRYABLE: frozenset[int] = frozenset(
    {10028, 10040, 10041, 10047, 10066, 11051, 11094, 13028, 13888}
)

REASONS: dict[int, str] = {
    10000: "authorization required",
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


def lost_error(venue: str, method: str, *, query: bool, sent: bool = True) -> VenueError:
    """A call without an answer: harmless for a query, of unknown outcome for an order."""
    if not sent:
        return VenueError(
            venue, "NOT_CONNECTED", f"not connected to Deribit ({method})", retryable=True
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
