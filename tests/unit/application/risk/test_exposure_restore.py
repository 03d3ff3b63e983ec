"""ExposureBook after a restart: per-strategy positions rebuilt from the stored fills' totals
(linear) and from the fills themselves (inverse)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from application.risk.exposure import ExposureBook
from domain.fill import StrategyFill, StrategyTotal
from domain.ids import StrategyId
from tests.builders import a_fill, an_order

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
INVERSE = "DERIBIT:PERPETUAL:BTC-USD@INV"


def stored(strategy: str, quantity: str, price: str, key: str = BTC) -> StrategyFill:
    """A stored fill of `quantity` (negative: a sell) for `strategy`."""
    builder = an_order().for_strategy(strategy).on(key)
    builder = builder.sell(quantity[1:]) if quantity.startswith("-") else builder.buy(quantity)
    order = builder.build()
    return StrategyFill(
        strategy_id=StrategyId(strategy), fill=a_fill(order, str(order.quantity), price)
    )


def totals_of(fills: list[StrategyFill]) -> list[StrategyTotal]:
    """What the fill repository's `strategy_totals` answers for these stored fills."""
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for s in fills:
        sums[(s.strategy_id, s.fill.instrument_key)] += s.fill.signed_quantity
    return [
        StrategyTotal(strategy_id=StrategyId(strategy), instrument_key=key, quantity=quantity)
        for (strategy, key), quantity in sums.items()
    ]


def restore(book: ExposureBook, fills: list[StrategyFill]) -> None:
    """As startup does, but handing over every fill (the linear ones must be skipped)."""
    book.restore_strategies(totals_of(fills), fills)


def live(fills: list[StrategyFill]) -> ExposureBook:
    book = ExposureBook()
    for s in fills:
        book.filled(s.strategy_id, s.fill.instrument_key, s.fill.signed_quantity, s.fill.price)
    return book


def test_two_strategies_on_one_instrument_get_their_own_positions_back() -> None:
    book = ExposureBook()
    book.position[BTC] = Decimal(1)  # what `load` restored
    restore(
        book,
        [
            stored("alpha", "2", "30000"),
            stored("beta", "-1", "30100"),
            stored("alpha", "-0.5", "1"),
        ],
    )
    assert book.filled_position("alpha", BTC).venue == Decimal("1.5")
    assert book.filled_position("alpha", BTC).base == Decimal("1.5")
    assert book.filled_position("beta", BTC).venue == Decimal(-1)
    assert book.strategy_instruments["alpha"] == {BTC}
    assert book.position[BTC] == Decimal(1)  # instrument positions are load's, left alone


def test_an_inverse_stream_gets_its_base_position_at_its_fill_prices_back() -> None:
    book = ExposureBook()
    restore(
        book,
        [
            stored("alpha", "40000", "40000", INVERSE),
            stored("alpha", "20000", "20000", INVERSE),
            stored("alpha", "-30000", "50000", INVERSE),  # gives back half
        ],
    )
    assert book.filled_position("alpha", INVERSE).venue == Decimal(30000)
    assert book.filled_position("alpha", INVERSE).base == Decimal(1)
    assert book.position[INVERSE] == 0


def test_a_restart_with_no_fills_leaves_every_strategy_flat() -> None:
    book = ExposureBook()
    book.position[BTC] = Decimal(3)
    restore(book, [])
    assert book.filled_position("alpha", BTC).venue == 0
    assert book.filled_position("alpha", BTC).base == 0
    assert book.position[BTC] == Decimal(3)


def test_restoring_sets_afresh_and_does_not_add_to_what_was_there() -> None:
    fills = [stored("alpha", "2", "30000"), stored("alpha", "10000", "40000", INVERSE)]
    book = ExposureBook()
    restore(book, fills)
    restore(book, fills)
    assert book.filled_position("alpha", BTC).venue == Decimal(2)
    assert book.filled_position("alpha", INVERSE).base == Decimal("0.25")


def test_open_orders_survive_a_restore() -> None:
    book = ExposureBook()
    book.order_opened("alpha", BTC, Decimal(1))
    restore(book, [stored("alpha", "2", "30000")])
    assert book.strategy_open[("alpha", BTC)] == Decimal(1)
    assert book.strategy_notional("alpha", BTC, Decimal(0), Decimal(30000)) == Decimal(90000)


quantities = st.sampled_from(["-3", "-1", "-0.5", "0.5", "1", "2", "5000", "-5000", "20000"])
fill_rows = st.lists(
    st.tuples(
        st.sampled_from(["alpha", "beta"]),
        quantities,
        st.sampled_from(["20000", "30000", "45000"]),
        st.sampled_from([BTC, INVERSE]),
    ),
    max_size=12,
)


@given(fill_rows)
def test_a_restore_leaves_each_strategy_where_the_live_fills_left_it(
    rows: list[tuple[str, str, str, str]],
) -> None:
    fills = [stored(*row) for row in rows]
    before = live(fills)
    after = ExposureBook()
    restore(after, fills)
    for strategy in ("alpha", "beta"):
        for key in (BTC, INVERSE):
            assert after.filled_position(strategy, key) == before.filled_position(strategy, key)
        assert after.strategy_instruments[strategy] == before.strategy_instruments[strategy]
