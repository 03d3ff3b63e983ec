"""OKX v5 shapes of the emulated account: instruments, orders, fills, positions, balance."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tests.venues.binance_futures.orders import EmulatedOrder, EmulatedTrade, text
from tests.venues.okx_swap.listing import SwapContract

if TYPE_CHECKING:
    from tests.venues.okx_swap.exchange import OkxSwapExchange

SIDES = {"BUY": "buy", "SELL": "sell"}
LIVE_STATE = {"NEW": "live", "PARTIALLY_FILLED": "partially_filled", "FILLED": "filled"}
ALGO_FIELDS = ("slOrdPx", "slTriggerPx", "slTriggerPxType", "tpOrdPx", "tpTriggerPx",
               "tpTriggerPxType", "pxType", "pxUsd", "pxVol", "quickMgnType", "source",
               "stpId", "tag", "tgtCcy", "algoClOrdId", "algoId", "attachAlgoClOrdId",
               "cancelSource", "cancelSourceReason")  # fmt: skip


def order_id(order: EmulatedOrder) -> str:
    return str(order.order_id)


def trade_id(trade: EmulatedTrade) -> str:
    return str(trade.trade_id)


def state(order: EmulatedOrder) -> str:
    return LIVE_STATE.get(order.status, "canceled")


def order_type(order: EmulatedOrder) -> str:
    if order.type == "MARKET":
        return "market"
    return {"GTX": "post_only", "IOC": "ioc", "FOK": "fok"}.get(order.time_in_force, "limit")


def order(
    exchange: OkxSwapExchange, placed: EmulatedOrder, fill: EmulatedTrade | None = None
) -> dict[str, Any]:
    """A row of `orders-pending` / `orders-history` / `order`, and of the `orders` channel
    (which names the fill that moved it: `fillSz`, `fillPx`, `tradeId`)."""
    contract = exchange.contract(placed.symbol)
    fee = exchange.fee(placed)
    row = dict.fromkeys(ALGO_FIELDS, "") | {
        "instType": "SWAP", "instId": contract.inst_id, "ccy": "", "ordId": order_id(placed),
        "clOrdId": placed.client_order_id, "px": text(placed.price) if placed.price else "",
        "sz": text(contract.contracts(placed.quantity)), "ordType": order_type(placed),
        "side": SIDES[placed.side], "posSide": "net", "tdMode": exchange.trade_modes.get(
            placed.order_id, "isolated"), "accFillSz": text(contract.contracts(placed.filled)),
        "avgPx": text(placed.avg_price) if placed.filled else "", "state": state(placed),
        "lever": str(exchange.leverage), "fee": text(-fee), "feeCcy": contract.spec.quote,
        "rebate": "0", "rebateCcy": contract.spec.quote, "pnl": "0", "category": "normal",
        "reduceOnly": "true" if placed.reduce_only else "false", "isTpLimit": "false",
        "stpMode": "cancel_maker", "attachAlgoOrds": [], "linkedAlgoOrd": {"algoId": ""},
        "cTime": str(placed.time), "uTime": str(placed.update_time or placed.time),
        "fillPx": "", "fillSz": "0", "fillTime": "", "tradeId": "", "execType": "",
        "fillFee": "0", "fillFeeCcy": "", "fillPnl": "0", "amendResult": "", "reqId": "",
        "amendSource": "", "code": "0", "msg": "",
    }  # fmt: skip
    if placed.status == "CANCELED":
        row["cancelSource"] = "1"  # canceled by the user
    elif placed.status == "EXPIRED":
        row["cancelSource"] = "31"  # the market order's unfilled part, canceled by the system
    if fill is not None:
        row |= {
            "fillPx": text(fill.price), "fillSz": text(contract.contracts(fill.quantity)),
            "fillTime": str(fill.time), "tradeId": trade_id(fill),
            "execType": "M" if fill.maker else "T", "fillFee": text(-fill.commission),
            "fillFeeCcy": contract.spec.quote, "fillPnl": text(fill.realized_pnl),
        }  # fmt: skip
    return row


def fill(exchange: OkxSwapExchange, trade: EmulatedTrade, placed: EmulatedOrder) -> dict[str, Any]:
    """A row of `/api/v5/trade/fills` and `fills-history`."""
    contract = exchange.contract(trade.symbol)
    return {
        "instType": "SWAP", "instId": contract.inst_id, "tradeId": trade_id(trade),
        "ordId": order_id(placed), "clOrdId": placed.client_order_id,
        "billId": str(trade.trade_id + 7_000_000_000), "subType": "1", "tag": "",
        "fillPx": text(trade.price), "fillSz": text(contract.contracts(trade.quantity)),
        "fillIdxPx": text(trade.price), "fillPnl": text(trade.realized_pnl), "fillPxVol": "",
        "fillPxUsd": "", "fillMarkVol": "", "fillFwdPx": "", "fillMarkPx": text(trade.price),
        "side": SIDES[trade.side], "posSide": "net", "execType": "M" if trade.maker else "T",
        "feeCcy": contract.spec.quote, "fee": text(-trade.commission), "ts": str(trade.time),
        "fillTime": str(trade.time), "feeRate": text(-exchange.fees[trade.maker]),
    }  # fmt: skip


def position(exchange: OkxSwapExchange, contract: SwapContract, stamp: int) -> dict[str, Any]:
    """A row of `/api/v5/account/positions` and of the `positions` channel (net mode)."""
    held = exchange.positions[contract.spec.symbol]
    mark = exchange.mark(contract.spec.symbol) or held.entry
    notional = abs(held.amount) * mark
    margin = abs(held.amount) * held.entry / exchange.leverage
    upl = (mark - held.entry) * held.amount
    return {
        "instType": "SWAP", "instId": contract.inst_id, "mgnMode": "isolated",
        "posId": str(contract.inst_id_code), "posSide": "net",
        "pos": text(contract.contracts(held.amount)), "baseBal": "", "quoteBal": "",
        "ccy": contract.spec.quote, "posCcy": "", "availPos": "", "avgPx": text(held.entry)
        if held.amount else "", "markPx": text(mark), "last": text(mark), "idxPx": text(mark),
        "usdPx": "", "bePx": text(held.entry), "lever": str(exchange.leverage),
        "liqPx": "", "mmr": text(margin / 4), "imr": "", "margin": text(margin),
        "mgnRatio": "", "interest": "0", "tradeId": "", "notionalUsd": text(notional),
        "upl": text(upl), "uplRatio": "0", "uplLastPx": text(upl), "uplRatioLastPx": "0",
        "adl": "1", "realizedPnl": "0", "pnl": "0", "fee": "0", "fundingFee": "0",
        "liqPenalty": "0", "optVal": "", "pendingCloseOrdLiabVal": "", "quoteBorrowed": "",
        "quoteInterest": "", "spotInUseAmt": "", "spotInUseCcy": "", "closeOrderAlgo": [],
        "cTime": str(stamp), "uTime": str(stamp),
    }  # fmt: skip


def balance(exchange: OkxSwapExchange, stamp: int) -> dict[str, Any]:
    """The trading account of `/api/v5/account/balance` and of the `account` channel."""
    upl, used = exchange.unrealized(), exchange.margin_used()
    equity = exchange.wallet + upl
    detail = {
        "ccy": "USDT", "cashBal": text(exchange.wallet), "availBal": text(exchange.available()),
        "availEq": text(exchange.available()), "eq": text(equity), "eqUsd": text(equity),
        "disEq": text(equity), "frozenBal": text(used), "ordFrozen": "0", "isoEq": text(used),
        "upl": text(upl), "isoUpl": text(upl), "imr": "0", "mmr": "0", "fixedBal": "0",
        "notionalLever": "0", "uTime": str(stamp), "accAvgPx": "", "borrowFroz": "",
        "crossLiab": "", "interest": "", "isoLiab": "", "liab": "", "maxLoan": "",
        "mgnRatio": "", "openAvgPx": "", "spotBal": "", "spotInUseAmt": "", "spotUpl": "",
        "spotUplRatio": "", "totalPnl": "", "totalPnlRatio": "", "twap": "0",
        "uplLiab": "", "rewardBal": "0", "stgyEq": "0", "spotIsoBal": "0",
        "smtSyncEq": "0", "spotCopyTradingEq": "0", "clSpotInUseAmt": "",
        "maxSpotInUseAmt": "", "collateralEnabled": False,
    }  # fmt: skip
    return {
        "adjEq": "", "borrowFroz": "", "details": [detail], "imr": "", "isoEq": text(used),
        "mgnRatio": "", "mmr": "", "notionalUsd": "", "notionalUsdForBorrow": "",
        "notionalUsdForFutures": "", "notionalUsdForOption": "", "notionalUsdForSwap": "",
        "ordFroz": "", "totalEq": text(equity), "uTime": str(stamp), "upl": text(upl),
    }  # fmt: skip


def instrument(contract: SwapContract) -> dict[str, Any]:
    """A row of `/api/v5/public/instruments?instType=SWAP`."""
    spec = contract.spec
    max_contracts = text(contract.contracts(spec.max_qty))
    return {
        "alias": "", "auctionEndTime": "", "baseCcy": "", "category": "1",
        "contTdSwTime": "", "ctMult": "1", "ctType": "linear", "ctVal": text(contract.ct_val),
        "ctValCcy": spec.base, "expTime": "", "futureSettlement": False,
        "instFamily": f"{spec.base}-{spec.quote}", "instId": contract.inst_id,
        "instIdCode": contract.inst_id_code, "instType": "SWAP", "lever": "100",
        "listTime": "1573557408000", "lotSz": text(contract.lot_sz),
        "maxIcebergSz": max_contracts, "maxLmtAmt": "20000000", "maxLmtSz": max_contracts,
        "maxMktAmt": "", "maxMktSz": max_contracts, "maxPlatOILmt": "", "maxStopSz":
        max_contracts, "maxTriggerSz": max_contracts, "maxTwapSz": max_contracts,
        "minSz": text(contract.contracts(spec.min_qty)), "openType": "", "optType": "",
        "posLmtAmt": "", "posLmtPct": "", "preMktSwTime": "", "quoteCcy": "",
        "ruleType": "normal", "settleCcy": spec.quote, "state": "live", "stk": "",
        "tickSz": text(spec.tick_size), "tradeQuoteCcyList": [], "uly": f"{spec.base}-{spec.quote}",
    }  # fmt: skip


def bbo(contract: SwapContract, quote: tuple[Decimal, ...], stamp: int, seq: int) -> dict:
    """`bbo-tbt` data: the top of the book, in contracts."""
    bid, bid_size, ask, ask_size = quote
    sizes = text(contract.contracts(bid_size)), text(contract.contracts(ask_size))
    return {
        "asks": [[text(ask), sizes[1], "0", "1"]], "bids": [[text(bid), sizes[0], "0", "1"]],
        "ts": str(stamp), "seqId": seq,
    }  # fmt: skip


def ticker(contract: SwapContract, quote: tuple[Decimal, ...], stamp: int) -> dict[str, Any]:
    """`tickers` data (and `/api/v5/market/ticker`): the top of the book and the last price."""
    bid, bid_size, ask, ask_size = quote
    mid = contract.trade((bid + ask) / 2)
    return {
        "instType": "SWAP", "instId": contract.inst_id, "last": text(mid), "lastSz": "1",
        "askPx": text(ask), "askSz": text(contract.contracts(ask_size)), "bidPx": text(bid),
        "bidSz": text(contract.contracts(bid_size)), "open24h": text(mid), "high24h": text(mid),
        "low24h": text(mid), "volCcy24h": "0", "vol24h": "0", "sodUtc0": text(mid),
        "sodUtc8": text(mid), "ts": str(stamp),
    }  # fmt: skip


def public_trade(contract: SwapContract, data: dict[str, Any], price: Decimal) -> dict:
    """`trades` data of one recorded trade (the taker's side), in contracts."""
    return {
        "instId": contract.inst_id, "tradeId": str(data["t"]), "px": text(price),
        "sz": text(contract.contracts(Decimal(data["q"]))), "side": "sell" if data["m"] else "buy",
        "ts": str(data["T"]), "count": "1", "source": "0",
    }  # fmt: skip


def fee_rates(exchange: OkxSwapExchange, stamp: int) -> dict[str, Any]:
    """`/api/v5/account/trade-fee?instType=SWAP` (OKX quotes a charge as a negative rate)."""
    maker, taker = text(-exchange.fees[True]), text(-exchange.fees[False])
    return {
        "category": "1", "delivery": "", "exercise": "", "instType": "SWAP", "level": "Lv1",
        "maker": maker, "taker": taker, "makerU": maker, "takerU": taker, "makerUSDC": maker,
        "takerUSDC": taker, "ruleType": "normal", "ts": str(stamp), "uly": "", "instFamily": "",
        "fiat": [],
    }  # fmt: skip


def account_config(uid: str) -> dict[str, Any]:
    """`/api/v5/account/config`: a single-currency margin account in net (one-way) mode."""
    return {
        "acctLv": "2", "acctStpMode": "cancel_maker", "autoLoan": False, "ctIsoMode":
        "automatic", "enableSpotBorrow": False, "greeksType": "PA", "feeType": "0", "ip": "",
        "type": "0", "kycLv": "2", "label": "emulator", "level": "Lv1", "levelTmp": "",
        "liquidationGear": "-1", "mainUid": uid, "mgnIsoMode": "automatic", "opAuth": "1",
        "perm": "read_only,trade", "posMode": "net_mode", "roleType": "0",
        "spotBorrowAutoRepay": False, "spotOffsetType": "", "spotRoleType": "0",
        "spotTraderInsts": [], "stgyType": "0", "traderInsts": [], "uid": uid,
        "settleCcy": "USDT", "settleCcyList": ["USDT"],
    }  # fmt: skip
