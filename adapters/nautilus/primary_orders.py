"""The nautilus order of one venue's share of a request, tagged with its operation."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from nautilus_trader.common.factories import OrderFactory
from nautilus_trader.model.enums import OrderSide as NautilusSide
from nautilus_trader.model.identifiers import ExecAlgorithmId
from nautilus_trader.model.instruments import Instrument
from nautilus_trader.model.orders import Order

from adapters.nautilus.order_records import operation_tag
from domain.enums import ExecAlgorithm, OrderSide, OrderType
from domain.order_request import OrderRequest


def primary_order(
    factory: OrderFactory, instrument: Instrument, request: OrderRequest, quantity: Decimal
) -> Order:
    """MARKET or LIMIT (price on the instrument's tick grid), handed to the request's
    execution algorithm with its parameters; NORMAL orders go straight to the venue."""
    side = NautilusSide.BUY if request.side is OrderSide.BUY else NautilusSide.SELL
    options: dict[str, Any] = {"tags": [operation_tag(request.operation_id)]}
    algorithm = request.exec_algorithm
    if algorithm is not ExecAlgorithm.NORMAL:
        options["exec_algorithm_id"] = ExecAlgorithmId(algorithm.value)
        options["exec_algorithm_params"] = dict(request.exec_algorithm_params)
    qty = instrument.make_qty(quantity)
    if request.order_type is OrderType.LIMIT and request.price is not None:
        tick = instrument.price_increment.as_decimal()
        price = (request.price / tick).to_integral_value(ROUND_HALF_EVEN) * tick
        return factory.limit(instrument.id, side, qty, instrument.make_price(price), **options)
    return factory.market(instrument.id, side, qty, **options)
