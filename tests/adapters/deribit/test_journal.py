"""The event journal fed Deribit JSON as the docs show it, in the orders a socket can mix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.deribit.codec import decode
from adapters.deribit.journal import EventJournal
from domain.venue_events import OrderAccepted, OrderCanceled, OrderFilled, VenueEvent


def order_json(state: str, filled: str, *, ts: int = 1_700_000_000_000) -> dict[str, Any]:
    """An order as `user.orders.{instrument}.raw` carries it: floats, extra fields."""
    return dict(
        decode(
            '{"web":false,"time_in_force":"good_til_cancelled","replaced":false,'
            '"reduce_only":false,"price":49000.0,"post_only":false,"order_type":"limit",'
            f'"order_state":"{state}","order_id":"BTC-9001","max_show":100.0,'
            f'"last_update_timestamp":{ts},"label":"Oabc1N1","is_liquidation":false,'
            f'"instrument_name":"BTC-PERPETUAL","filled_amount":{filled},"direction":"buy",'
            '"creation_timestamp":1700000000000,"average_price":49000.0,"api":true,'
            '"amount":100.0}'
        )
    )


def trade_json(trade_id: str, amount: str) -> dict[str, Any]:
    """A trade as `user.trades.{instrument}.raw` and the buy answer carry it."""
    return dict(
        decode(
            '{"trade_seq":1,"trade_id":"' + trade_id + '","timestamp":1700000000100,'
            '"tick_direction":0,"state":"filled","reduce_only":false,"price":49000.0,'
            '"post_only":false,"order_type":"limit","order_id":"BTC-9001",'
            '"matching_id":null,"mark_price":49001.2,"liquidity":"M","label":"Oabc1N1",'
            '"instrument_name":"BTC-PERPETUAL","index_price":49000.5,"fee_currency":"BTC",'
            '"fee":-2.1e-7,"direction":"buy","amount":' + amount + ',"api":true}'
        )
    )


def emitted(journal: EventJournal) -> list[VenueEvent]:
    events: list[VenueEvent] = []
    while not journal._queue.empty():
        events.append(journal._queue.get_nowait())
    return events


def test_a_stale_open_update_after_the_end_neither_reopens_nor_accepts_the_order() -> None:
    journal = EventJournal("DERIBIT")
    journal.trade(trade_json("BTC-1", "100.0"))  # the buy answer: filled at once
    journal.order(order_json("filled", "100.0"))

    journal.order(order_json("open", "0.0", ts=1_699_999_999_999))  # a late notification

    assert [type(e) for e in emitted(journal)] == [OrderFilled]
    assert journal.open_orders == {}


def test_trades_before_the_order_in_the_answer_and_again_in_the_stream_are_booked_once() -> None:
    journal = EventJournal("DERIBIT")
    journal.trade(trade_json("BTC-1", "40.0"))  # the stream, before any order update
    journal.trade(trade_json("BTC-1", "40"))  # the buy answer: the same trade
    journal.order(order_json("open", "40.0"))
    journal.trade(trade_json("BTC-1", "40.0"))  # the stream again, after a reconnect

    events = emitted(journal)
    assert [type(e) for e in events] == [OrderFilled, OrderAccepted]
    assert [e.fill.fee for e in events if isinstance(e, OrderFilled)] == [Decimal("-2.1e-7")]


def test_a_cancel_seen_before_its_partial_fill_waits_for_the_fill() -> None:
    journal = EventJournal("DERIBIT")
    journal.order(order_json("open", "0.0"))
    journal.order(order_json("cancelled", "40.0"))
    assert [type(e) for e in emitted(journal)] == [OrderAccepted]

    journal.trade(trade_json("BTC-1", "40.0"))

    assert [type(e) for e in emitted(journal)] == [OrderFilled, OrderCanceled]
