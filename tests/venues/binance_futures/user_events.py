"""User-data stream events: ORDER_TRADE_UPDATE and ACCOUNT_UPDATE, as Binance documents them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.venues.binance_futures.orders import ZERO, EmulatedOrder, EmulatedTrade, text

if TYPE_CHECKING:
    from tests.venues.binance_futures.exchange import BinanceFuturesExchange


def order_trade_update(
    order: EmulatedOrder, execution: str, trade: EmulatedTrade | None
) -> dict[str, Any]:
    """`x` is the execution type (NEW, TRADE, CANCELED, EXPIRED), `X` the order status."""
    stamp = order.update_time or order.time
    data: dict[str, Any] = {
        "s": order.symbol, "c": order.client_order_id, "S": order.side, "o": order.type,
        "f": order.time_in_force, "q": text(order.quantity), "p": text(order.price or ZERO),
        "ap": text(order.avg_price), "sp": "0", "x": execution, "X": order.status,
        "i": order.order_id, "l": text(trade.quantity if trade else ZERO), "z": text(order.filled),
        "L": text(trade.price if trade else ZERO), "T": stamp,
        "t": trade.trade_id if trade else 0, "b": "0", "a": "0",
        "m": trade.maker if trade else False, "R": order.reduce_only, "wt": "CONTRACT_PRICE",
        "ot": order.type, "ps": "BOTH", "cp": False,
        "rp": text(trade.realized_pnl if trade else ZERO),
        "pP": False, "si": 0, "ss": 0, "V": "NONE", "pm": "NONE", "gtd": 0,
    }  # fmt: skip
    if trade is not None:
        data["N"], data["n"] = trade.commission_asset, text(trade.commission)
    return {"e": "ORDER_TRADE_UPDATE", "E": stamp, "T": stamp, "o": data}


def account_update(exchange: BinanceFuturesExchange, symbol: str, asset: str) -> dict[str, Any]:
    """The balance and the position of `symbol` after an order traded."""
    position = exchange.positions[symbol]
    mark = exchange.mark(symbol) or position.entry
    stamp = max((t.time for t in exchange.trades), default=0)
    return {
        "e": "ACCOUNT_UPDATE",
        "E": stamp,
        "T": stamp,
        "a": {
            "m": "ORDER",
            "B": [
                {"a": asset, "wb": text(exchange.wallet), "cw": text(exchange.wallet), "bc": "0"}
            ],
            "P": [
                {
                    "s": symbol,
                    "pa": text(position.amount),
                    "ep": text(position.entry),
                    "bep": text(position.entry),
                    "cr": "0",
                    "up": text((mark - position.entry) * position.amount),
                    "mt": "cross",
                    "iw": "0",
                    "ps": "BOTH",
                }
            ],
        },
    }
