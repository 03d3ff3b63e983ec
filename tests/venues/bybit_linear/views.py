"""Bybit v5 shapes of the emulated account: orders, executions, positions, wallet, listing."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tests.venues.binance_futures.orders import (
    ZERO,
    EmulatedOrder,
    EmulatedTrade,
    SymbolSpec,
    text,
)

if TYPE_CHECKING:
    from tests.venues.bybit_linear.exchange import BybitLinearExchange

SIDES = {"BUY": "Buy", "SELL": "Sell"}
TYPES = {"MARKET": "Market", "LIMIT": "Limit"}
LIVE_STATUS = {"NEW": "New", "PARTIALLY_FILLED": "PartiallyFilled", "FILLED": "Filled"}


def order_id(order: EmulatedOrder) -> str:
    """Bybit's order ids are UUIDs; the matching engine's are integers."""
    return str(uuid.UUID(int=order.order_id))


def execution_id(trade: EmulatedTrade) -> str:
    return str(uuid.UUID(int=trade.trade_id))


def order_status(order: EmulatedOrder) -> str:
    if order.status in LIVE_STATUS:
        return LIVE_STATUS[order.status]
    if order.status == "REJECTED":
        return "Rejected"
    return "PartiallyFilledCanceled" if order.filled else "Cancelled"


def order(order: EmulatedOrder, fee: Decimal) -> dict[str, Any]:
    """A row of `/v5/order/realtime|history` and of the `order` topic."""
    canceled = order.status in ("CANCELED", "EXPIRED")
    cancel_type = "CancelByUser" if canceled else "UNKNOWN"
    leaves = order.leaves if order.is_open else ZERO
    price = order.price or ZERO
    return {
        "category": "linear", "symbol": order.symbol, "orderId": order_id(order),
        "orderLinkId": order.client_order_id, "blockTradeId": "", "side": SIDES[order.side],
        "positionIdx": 0, "orderStatus": order_status(order), "createType": "CreateByUser",
        "cancelType": cancel_type, "rejectReason": "EC_NoError",
        "timeInForce": "IOC" if order.type == "MARKET" else order.time_in_force,
        "isLeverage": "", "price": text(price), "qty": text(order.quantity),
        "avgPrice": text(order.avg_price) if order.filled else "",
        "leavesQty": text(leaves), "leavesValue": text(leaves * price),
        "cumExecQty": text(order.filled), "cumExecValue": text(order.cum_quote),
        "cumExecFee": text(fee), "orderType": TYPES[order.type], "stopOrderType": "",
        "orderIv": "", "triggerPrice": "", "takeProfit": "", "stopLoss": "",
        "triggerBy": "", "tpTriggerBy": "", "slTriggerBy": "", "triggerDirection": 0,
        "placeType": "", "lastPriceOnCreated": text(price), "closeOnTrigger": False,
        "reduceOnly": order.reduce_only, "smpGroup": 0, "smpType": "None", "smpOrderId": "",
        "slLimitPrice": "0", "tpLimitPrice": "0", "tpslMode": "UNKNOWN", "marketUnit": "",
        "createdTime": str(order.time), "updatedTime": str(order.update_time or order.time),
        "feeCurrency": "",
    }  # fmt: skip


def execution(trade: EmulatedTrade, placed: EmulatedOrder, fee_rate: Decimal) -> dict[str, Any]:
    """A row of `/v5/execution/list` and of the `execution` topic."""
    return {
        "category": "linear", "symbol": trade.symbol, "isLeverage": "", "orderId": order_id(placed),
        "orderLinkId": placed.client_order_id, "side": SIDES[trade.side],
        "orderPrice": text(placed.price or trade.price), "orderQty": text(placed.quantity),
        "leavesQty": text(placed.leaves), "createType": "CreateByUser",
        "orderType": TYPES[placed.type], "stopOrderType": "", "execFee": text(trade.commission),
        "execId": execution_id(trade), "execPrice": text(trade.price),
        "execQty": text(trade.quantity), "execType": "Trade",
        "execValue": text(trade.price * trade.quantity), "execTime": str(trade.time),
        "isMaker": trade.maker, "feeRate": text(fee_rate), "tradeIv": "", "markIv": "",
        "markPrice": text(trade.price), "indexPrice": "", "underlyingPrice": "",
        "blockTradeId": "", "closedSize": "0", "seq": trade.trade_id, "feeCurrency": "USDT",
        "extraFees": "", "marketUnit": "",
    }  # fmt: skip


def position(exchange: BybitLinearExchange, symbol: str, stamp: int) -> dict[str, Any]:
    """A row of `/v5/position/list` and of the `position` topic (one-way mode)."""
    held = exchange.positions[symbol]
    mark = exchange.mark(symbol) or held.entry
    side = "" if not held.amount else ("Buy" if held.amount > 0 else "Sell")
    value = abs(held.amount) * held.entry
    return {
        "category": "linear", "symbol": symbol, "positionIdx": 0, "tradeMode": 0, "riskId": 1,
        "riskLimitValue": "2000000", "side": side, "size": text(abs(held.amount)),
        "avgPrice": text(held.entry), "entryPrice": text(held.entry), "sessionAvgPrice": "",
        "leverage": str(exchange.leverage), "positionValue": text(value),
        "positionBalance": text(value / exchange.leverage), "markPrice": text(mark),
        "positionIM": text(value / exchange.leverage), "positionMM": text(value / 200),
        "takeProfit": "0", "stopLoss": "0", "trailingStop": "0",
        "unrealisedPnl": text((mark - held.entry) * held.amount),
        "curRealisedPnl": "0", "cumRealisedPnl": "0", "createdTime": str(stamp),
        "updatedTime": str(stamp), "tpslMode": "Full", "liqPrice": "", "bustPrice": "",
        "positionStatus": "Normal", "adlRankIndicator": 0, "autoAddMargin": 0,
        "leverageSysUpdatedTime": "", "mmrSysUpdatedTime": "", "seq": stamp,
        "isReduceOnly": False,
    }  # fmt: skip


def wallet(exchange: BybitLinearExchange) -> dict[str, Any]:
    """The unified account of `/v5/account/wallet-balance` and of the `wallet` topic."""
    equity, wallet_balance = exchange.wallet + exchange.unrealized(), exchange.wallet
    available = exchange.available()
    used = exchange.margin_used()
    coin = {
        "coin": "USDT", "equity": text(equity), "usdValue": text(equity),
        "walletBalance": text(wallet_balance), "free": "", "locked": "0",
        "spotHedgingQty": "0", "borrowAmount": "0", "availableToBorrow": "",
        "availableToWithdraw": text(available), "accruedInterest": "0", "totalOrderIM": "0",
        "totalPositionIM": text(used), "totalPositionMM": "0",
        "unrealisedPnl": text(exchange.unrealized()), "cumRealisedPnl": "0", "bonus": "0",
        "collateralSwitch": True, "marginCollateral": True,
    }  # fmt: skip
    return {
        "accountType": "UNIFIED", "accountLTV": "0", "accountIMRate": "0", "accountMMRate": "0",
        "totalEquity": text(equity), "totalWalletBalance": text(wallet_balance),
        "totalMarginBalance": text(equity), "totalAvailableBalance": text(available),
        "totalPerpUPL": text(exchange.unrealized()), "totalInitialMargin": text(used),
        "totalMaintenanceMargin": "0", "coin": [coin],
    }  # fmt: skip


def instrument(spec: SymbolSpec) -> dict[str, Any]:
    """A row of `/v5/market/instruments-info?category=linear`."""
    return {
        "symbol": spec.symbol, "contractType": "LinearPerpetual", "status": "Trading",
        "baseCoin": spec.base, "quoteCoin": spec.quote, "settleCoin": spec.quote,
        "launchTime": "1585526400000", "deliveryTime": "0", "deliveryFeeRate": "",
        "priceScale": str(spec.price_precision),
        "leverageFilter": {"minLeverage": "1", "maxLeverage": "100.00", "leverageStep": "0.01"},
        "priceFilter": {"minPrice": text(spec.tick_size), "maxPrice": "1999999.00",
                        "tickSize": text(spec.tick_size)},
        "lotSizeFilter": {
            "maxOrderQty": text(spec.max_qty), "minOrderQty": text(spec.min_qty),
            "qtyStep": text(spec.step_size), "postOnlyMaxOrderQty": text(spec.max_qty),
            "maxMktOrderQty": text(spec.max_qty), "minNotionalValue": text(spec.min_notional),
        },
        "unifiedMarginTrade": True, "fundingInterval": 480, "copyTrading": "both",
        "upperFundingRate": "0.00375", "lowerFundingRate": "-0.00375", "isPreListing": False,
        "preListingInfo": None, "riskParameters": {"priceLimitRatioX": "0.01",
                                                   "priceLimitRatioY": "0.02"},
        "displayName": "",
    }  # fmt: skip


def ticker(spec: SymbolSpec, quote: tuple[Decimal, Decimal, Decimal, Decimal]) -> dict[str, Any]:
    """`tickers.<symbol>` data: the top of the book and the mark."""
    bid, bid_size, ask, ask_size = quote
    mid = spec.price_text((bid + ask) / 2)
    return {
        "symbol": spec.symbol, "tickDirection": "ZeroPlusTick", "price24hPcnt": "0",
        "lastPrice": mid, "prevPrice24h": mid, "highPrice24h": mid, "lowPrice24h": mid,
        "prevPrice1h": mid, "markPrice": mid, "indexPrice": mid, "openInterest": "0",
        "openInterestValue": "0", "turnover24h": "0", "volume24h": "0",
        "nextFundingTime": "0", "fundingRate": "0.0001",
        "bid1Price": spec.price_text(bid), "bid1Size": spec.quantity_text(bid_size),
        "ask1Price": spec.price_text(ask), "ask1Size": spec.quantity_text(ask_size),
    }  # fmt: skip
