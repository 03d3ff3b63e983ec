"""REST views of the market and the account: exchangeInfo, account, positionRisk, symbolConfig."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.venues.binance_futures.orders import SymbolSpec, text

if TYPE_CHECKING:
    from tests.venues.binance_futures.exchange import BinanceFuturesExchange


def exchange_info(exchange: BinanceFuturesExchange, server_time: int) -> dict[str, Any]:
    return {
        "timezone": "UTC",
        "serverTime": server_time,
        "futuresType": "U_MARGINED",
        "rateLimits": [
            {
                "rateLimitType": "REQUEST_WEIGHT",
                "interval": "MINUTE",
                "intervalNum": 1,
                "limit": 2400,
            },
            {"rateLimitType": "ORDERS", "interval": "MINUTE", "intervalNum": 1, "limit": 1200},
        ],
        "exchangeFilters": [],
        "assets": [
            {"asset": "USDT", "marginAvailable": True, "autoAssetExchange": "-10000"},
        ],
        "symbols": [_symbol(spec) for spec in exchange.symbols.values()],
    }


def _symbol(spec: SymbolSpec) -> dict[str, Any]:
    return {
        "symbol": spec.symbol,
        "pair": spec.symbol,
        "contractType": "PERPETUAL",
        "deliveryDate": 4133404800000,
        "onboardDate": 1569398400000,
        "status": "TRADING",
        "maintMarginPercent": "2.5000",
        "requiredMarginPercent": "5.0000",
        "baseAsset": spec.base,
        "quoteAsset": spec.quote,
        "marginAsset": spec.quote,
        "pricePrecision": spec.price_precision,
        "quantityPrecision": spec.quantity_precision,
        "baseAssetPrecision": 8,
        "quotePrecision": 8,
        "underlyingType": "COIN",
        "underlyingSubType": ["PoW"],
        "settlePlan": 0,
        "triggerProtect": "0.0500",
        "liquidationFee": "0.012500",
        "marketTakeBound": "0.05",
        "filters": [
            {
                "filterType": "PRICE_FILTER",
                "minPrice": text(spec.tick_size),
                "maxPrice": "4529764",
                "tickSize": text(spec.tick_size),
            },
            {
                "filterType": "LOT_SIZE",
                "minQty": text(spec.min_qty),
                "maxQty": text(spec.max_qty),
                "stepSize": text(spec.step_size),
            },
            {
                "filterType": "MARKET_LOT_SIZE",
                "minQty": text(spec.min_qty),
                "maxQty": text(spec.max_qty),
                "stepSize": text(spec.step_size),
            },
            {"filterType": "MAX_NUM_ORDERS", "limit": 200},
            {"filterType": "MIN_NOTIONAL", "notional": text(spec.min_notional)},
            {
                "filterType": "PERCENT_PRICE",
                "multiplierUp": "1.0500",
                "multiplierDown": "0.9500",
                "multiplierDecimal": "4",
            },
        ],
        "orderTypes": [
            "LIMIT",
            "MARKET",
            "STOP",
            "STOP_MARKET",
            "TAKE_PROFIT",
            "TAKE_PROFIT_MARKET",
        ],
        "timeInForce": ["GTC", "IOC", "FOK", "GTX", "GTD"],
    }


def account(exchange: BinanceFuturesExchange, stamp: int) -> dict[str, Any]:
    wallet, unrealized = exchange.wallet, exchange.unrealized()
    margin, available = exchange.margin_used(), exchange.available()
    usdt = {
        "asset": "USDT",
        "walletBalance": text(wallet),
        "unrealizedProfit": text(unrealized),
        "marginBalance": text(wallet + unrealized),
        "maintMargin": "0",
        "initialMargin": text(margin),
        "positionInitialMargin": text(margin),
        "openOrderInitialMargin": "0",
        "crossWalletBalance": text(wallet),
        "crossUnPnl": text(unrealized),
        "availableBalance": text(available),
        "maxWithdrawAmount": text(available),
        "marginAvailable": True,
        "updateTime": stamp,
    }
    return {
        "feeTier": 0,
        "canTrade": True,
        "canDeposit": True,
        "canWithdraw": True,
        "updateTime": stamp,
        "multiAssetsMargin": False,
        "totalInitialMargin": text(margin),
        "totalMaintMargin": "0",
        "totalWalletBalance": text(wallet),
        "totalUnrealizedProfit": text(unrealized),
        "totalMarginBalance": text(wallet + unrealized),
        "totalPositionInitialMargin": text(margin),
        "totalOpenOrderInitialMargin": "0",
        "totalCrossWalletBalance": text(wallet),
        "totalCrossUnPnl": text(unrealized),
        "availableBalance": text(available),
        "maxWithdrawAmount": text(available),
        "assets": [usdt],
        "positions": [],
    }


def position_risk(
    exchange: BinanceFuturesExchange, symbol: str | None, stamp: int
) -> list[dict[str, Any]]:
    rows = []
    for name, position in exchange.positions.items():
        if symbol not in (None, name) or not position.amount:
            continue
        mark = exchange.mark(name) or position.entry
        rows.append(
            {
                "symbol": name,
                "positionSide": "BOTH",
                "positionAmt": text(position.amount),
                "entryPrice": text(position.entry),
                "breakEvenPrice": text(position.entry),
                "markPrice": text(mark),
                "unRealizedProfit": text((mark - position.entry) * position.amount),
                "liquidationPrice": "0",
                "isolatedMargin": "0",
                "notional": text(mark * position.amount),
                "marginAsset": "USDT",
                "isolatedWallet": "0",
                "initialMargin": "0",
                "maintMargin": "0",
                "positionInitialMargin": "0",
                "openOrderInitialMargin": "0",
                "adl": 0,
                "bidNotional": "0",
                "askNotional": "0",
                "updateTime": stamp,
            }
        )
    return rows


def symbol_config(exchange: BinanceFuturesExchange) -> list[dict[str, Any]]:
    return [
        {
            "symbol": name,
            "marginType": "CROSSED",
            "isAutoAddMargin": False,
            "leverage": exchange.leverage,
            "maxNotionalValue": "1000000",
        }
        for name in exchange.symbols
    ]
