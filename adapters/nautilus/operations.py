"""Operations in flight: the orders of each signal, and the open quantity risk still counts."""

from __future__ import annotations

from decimal import Decimal

import attrs
from nautilus_trader.cache.base import CacheFacade
from nautilus_trader.model.identifiers import ClientOrderId
from nautilus_trader.model.orders import Order

from application.risk.exposure import ExposureBook
from domain.order_request import OrderRequest

ZERO = Decimal(0)

Stream = tuple[str, str]  # (strategy_id, instrument_key)


@attrs.define
class Operation:
    """One signal's order request and the primary orders it became (one per venue)."""

    request: OrderRequest
    stream: Stream
    open_signed: Decimal
    primaries: list[ClientOrderId] = attrs.field(factory=list)


class OperationBook:
    """Keeps the exposure book's open quantity in step with the operations' orders.

    An operation opens its whole signed quantity; each fill moves that much from open to
    position; when every order of the operation has closed, what never filled is released.
    """

    def __init__(self, cache: CacheFacade, exposure: ExposureBook) -> None:
        self._cache, self._exposure = cache, exposure
        self._active: dict[str, Operation] = {}

    def open(self, request: OrderRequest, stream: Stream) -> Operation:
        operation = Operation(request=request, stream=stream, open_signed=request.signed_quantity)
        self._active[request.operation_id] = operation
        self._exposure.order_opened(
            request.strategy_id, request.instrument_key, request.signed_quantity
        )
        return operation

    def get(self, operation_id: str | None) -> Operation | None:
        return self._active.get(operation_id) if operation_id is not None else None

    def active(self) -> list[Operation]:
        """Every operation with an order that may still fill, oldest first."""
        return list(self._active.values())

    def in_stream(self, stream: Stream) -> list[Operation]:
        return [op for op in self._active.values() if op.stream == stream]

    def filled(self, operation: Operation, signed_quantity: Decimal, price: Decimal) -> None:
        request = operation.request
        key = request.instrument_key
        self._exposure.order_reduced(request.strategy_id, key, signed_quantity)
        self._exposure.filled(request.strategy_id, key, signed_quantity, price)
        operation.open_signed -= signed_quantity

    def orders(self, operation: Operation) -> list[Order]:
        """The primaries and every child spawned from them."""
        found: list[Order] = []
        for primary_id in operation.primaries:
            primary = self._cache.order(primary_id)
            if primary is not None:
                found.append(primary)
            found += [o for o in self._cache.orders_for_exec_spawn(primary_id) if o is not primary]
        return found

    def settle(self, operation: Operation) -> None:
        """Release the unfilled quantity once no order of the operation can fill any more."""
        if any(not order.is_closed for order in self.orders(operation)):
            return
        request = operation.request
        self._exposure.order_reduced(
            request.strategy_id, request.instrument_key, operation.open_signed
        )
        operation.open_signed = ZERO
        self._active.pop(request.operation_id, None)
