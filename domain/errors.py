"""Error types raised where a domain rule lives."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule violation in the domain."""


class InvalidInstrumentKey(DomainError):
    """A canonical instrument key (or venue symbol) that does not parse."""

    def __init__(self, key: str, part: str, reason: str) -> None:
        self.key, self.part, self.reason = key, part, reason
        super().__init__(f"invalid instrument key {key!r}: {part}: {reason}")


class IllegalTransition(DomainError):
    """An order asked to move to a status its state machine forbids."""

    def __init__(self, operation_id: str, current: str, target: str) -> None:
        self.operation_id, self.current, self.target = operation_id, current, target
        super().__init__(f"order {operation_id}: illegal transition {current} -> {target}")


class Overfill(DomainError):
    """A fill that would take an order past its quantity."""

    def __init__(self, operation_id: str, quantity: str, filled: str, fill_quantity: str) -> None:
        self.operation_id = operation_id
        super().__init__(
            f"order {operation_id}: fill of {fill_quantity} on {filled} filled "
            f"would exceed quantity {quantity}"
        )


class InvalidOrderRequest(DomainError):
    """An order message whose fields break a rule; names the field."""

    def __init__(self, field: str, reason: str) -> None:
        self.field, self.reason = field, reason
        super().__init__(f"{field}: {reason}")


class VenueError(DomainError):
    """A venue refused or failed a call; `retryable` says whether trying again may help."""

    def __init__(self, venue: str, code: str, message: str, *, retryable: bool) -> None:
        self.venue, self.code, self.message, self.retryable = venue, code, message, retryable
        super().__init__(f"{venue} [{code}] {message}")


class VenueNotReached(VenueError):
    """The request never left this process (no connection, breaker, throttle): nothing can be
    live at the venue, so it may be re-sent or routed elsewhere without asking first."""

    def __init__(self, venue: str, code: str, message: str) -> None:
        super().__init__(venue, code, message, retryable=True)


class ConcurrentUpdate(DomainError):
    """An optimistic-lock conflict: the stored version moved on since it was read."""

    def __init__(self, entity: str, key: str, expected_version: int) -> None:
        self.entity, self.key, self.expected_version = entity, key, expected_version
        super().__init__(f"{entity} {key}: stored version is not {expected_version}")


class PersistenceUnavailable(DomainError):
    """The order store cannot be reached; nothing was written and no venue was called."""


class VenueOutcomeUnknown(VenueError):
    """A submit or cancel whose request may have reached the venue but whose answer did not
    come back (lost, timed out, or an error the venue may send after doing the work), and a
    query by client order id could not settle it. The order is neither accepted nor refused
    until the venue has been asked again (reconciliation); it must never be re-sent elsewhere."""

    def __init__(self, venue: str, code: str, message: str) -> None:
        super().__init__(venue, code, message, retryable=False)
