"""PreTradeRiskEngine: each limit refuses with its code at the breach and passes just under it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.memory.balances import InMemoryBalances
from adapters.memory.clock import ControllableClock
from adapters.memory.market_data import InMemoryMarketData
from application.risk.engine import PreTradeRiskEngine
from application.risk.exposure import ExposureBook
from domain.enums import OrderSide, OrderType, TradingState
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest
from domain.risk_limits import RiskCode, RiskLimits, RiskRejected

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ETH = "BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN"
INVERSE = "DERIBIT:PERPETUAL:BTC-USD@INV"
REFERENCE = Decimal(30000)


class Desk:
    """An engine over memory market data and a controllable clock."""

    def __init__(self, limits: RiskLimits, **engine: object) -> None:
        self.clock = ControllableClock()
        self.market_data = InMemoryMarketData()
        self.market_data.set_reference_price(BTC, REFERENCE)
        self.market_data.set_reference_price(ETH, Decimal(2000))
        self.market_data.set_reference_price(INVERSE, Decimal(40000))
        self.exposure = ExposureBook()
        self.engine = PreTradeRiskEngine(
            limits=limits,
            clock=self.clock,
            exposure=self.exposure,
            market_data=self.market_data,
            **engine,  # type: ignore[arg-type]
        )

    def refusal(self, request: OrderRequest) -> RiskCode:
        with pytest.raises(RiskRejected) as refused:
            self.engine.check(request)
        return refused.value.code


def an_order(
    quantity: str = "1",
    *,
    side: OrderSide = OrderSide.BUY,
    price: str | None = None,
    key: str = BTC,
    strategy: str = "alpha",
    venue: str | None = None,
    reduce_only: bool = False,
) -> OrderRequest:
    return OrderRequest(
        operation_id=OperationId("op"),
        instrument_key=key,
        side=side,
        quantity=Decimal(quantity),
        order_type=OrderType.LIMIT if price else OrderType.MARKET,
        price=Decimal(price) if price else None,
        strategy_id=StrategyId(strategy),
        venue=venue,
        reduce_only=reduce_only,
    )


def test_an_order_with_no_limits_passes_and_is_counted_at_the_clock_time() -> None:
    desk = Desk(RiskLimits())
    assert desk.engine.check(an_order()) == desk.clock.now_ns()
    assert desk.engine.view().orders_last_second == 1


@pytest.mark.parametrize(
    ("limits", "at_limit", "over_limit", "code"),
    [
        (RiskLimits(max_order_quantity=Decimal(2)), "2", "2.0001", RiskCode.ORDER_SIZE_MAX),
        (RiskLimits(min_order_quantity=Decimal("0.1")), "0.1", "0.0999", RiskCode.ORDER_SIZE_MIN),
        # 1 BTC at the 30,000 reference is 30,000 of notional.
        (
            RiskLimits(max_order_notional=Decimal(60000)),
            "2",
            "2.001",
            RiskCode.ORDER_NOTIONAL_MAX,
        ),
        (
            RiskLimits(max_position_per_instrument=Decimal(3)),
            "3",
            "3.01",
            RiskCode.POSITION_INSTRUMENT,
        ),
        (
            RiskLimits(max_position_per_strategy=Decimal(90000)),
            "3",
            "3.01",
            RiskCode.POSITION_STRATEGY,
        ),
        (
            RiskLimits(max_global_position_notional=Decimal(90000)),
            "3",
            "3.01",
            RiskCode.POSITION_GLOBAL,
        ),
        (
            RiskLimits(max_total_notional_exposure=Decimal(90000)),
            "3",
            "3.01",
            RiskCode.EXPOSURE_NOTIONAL,
        ),
    ],
)
def test_a_limit_passes_at_its_value_and_refuses_just_over_it(
    limits: RiskLimits, at_limit: str, over_limit: str, code: RiskCode
) -> None:
    desk = Desk(limits)
    desk.engine.check(an_order(at_limit))
    assert Desk(limits).refusal(an_order(over_limit)) is code


def test_the_order_notional_of_a_limit_order_is_at_its_own_price() -> None:
    desk = Desk(RiskLimits(max_order_notional=Decimal(29000)))
    desk.engine.check(an_order("1", price="29000"))
    assert desk.refusal(an_order("1", price="29001")) is RiskCode.ORDER_NOTIONAL_MAX


def test_an_instrument_limit_overrides_the_default_one() -> None:
    limits = RiskLimits(
        max_position_per_instrument=Decimal(10), instrument_position_limits={BTC: Decimal(1)}
    )
    desk = Desk(limits)
    assert desk.refusal(an_order("1.5")) is RiskCode.POSITION_INSTRUMENT
    desk.engine.check(an_order("1.5", key=ETH))


def test_an_open_order_counts_towards_the_projected_position() -> None:
    desk = Desk(RiskLimits(max_position_per_instrument=Decimal(3)))
    desk.exposure.order_opened("alpha", BTC, Decimal(2))
    desk.engine.check(an_order("1"))
    assert desk.refusal(an_order("1.5")) is RiskCode.POSITION_INSTRUMENT
    # The open buy may never fill: a sell is projected from the position alone.
    desk.engine.check(an_order("3", side=OrderSide.SELL))  # -3: within it
    assert desk.refusal(an_order("3.5", side=OrderSide.SELL)) is RiskCode.POSITION_INSTRUMENT


def test_open_sells_make_no_room_for_more_buys() -> None:
    desk = Desk(RiskLimits(max_position_per_instrument=Decimal(5)))
    desk.engine.check(an_order("4", side=OrderSide.SELL))
    desk.exposure.order_opened("alpha", BTC, Decimal(-4))
    desk.engine.check(an_order("4"))
    desk.exposure.order_opened("alpha", BTC, Decimal(4))
    # Netted, open buys and sells are 0 and 4 more would pass; if the sell is canceled
    # the buys alone would make 8.
    assert desk.refusal(an_order("4")) is RiskCode.POSITION_INSTRUMENT
    desk.engine.check(an_order("1"))  # 5: at the limit


def test_a_reduce_only_order_cannot_lean_on_an_open_order_the_other_way() -> None:
    desk = Desk(RiskLimits())
    desk.exposure.order_opened("alpha", BTC, Decimal(5))  # an open buy, nothing held
    assert desk.refusal(an_order("5", side=OrderSide.SELL, reduce_only=True)) is (
        RiskCode.REDUCE_ONLY
    )
    desk.exposure.filled("alpha", BTC, Decimal(2), REFERENCE)
    desk.exposure.order_reduced("alpha", BTC, Decimal(2))
    desk.engine.check(an_order("2", side=OrderSide.SELL, reduce_only=True))
    assert desk.refusal(an_order("2.5", side=OrderSide.SELL, reduce_only=True)) is (
        RiskCode.REDUCE_ONLY
    )


def test_a_strategys_open_orders_the_other_way_do_not_shrink_its_projected_notional() -> None:
    desk = Desk(RiskLimits(max_position_per_strategy=Decimal(60000)))
    desk.exposure.order_opened("alpha", BTC, Decimal(-1))  # an open sell of 30,000
    desk.engine.check(an_order("2"))  # 2 BTC long if the sell never fills: 60,000
    assert desk.refusal(an_order("2.01")) is RiskCode.POSITION_STRATEGY
    desk.exposure.order_opened("alpha", ETH, Decimal(10))
    desk.exposure.order_opened("alpha", ETH, Decimal(-15))
    desk.exposure.set_mark(ETH, Decimal(2000))
    # ETH counts at its larger side, 15 * 2,000 = 30,000, not at the net 5.
    desk.engine.check(an_order("1"))
    assert desk.refusal(an_order("1.01")) is RiskCode.POSITION_STRATEGY


def test_over_the_instrument_limit_an_order_that_brings_the_position_back_passes() -> None:
    desk = Desk(RiskLimits(max_position_per_instrument=Decimal(3)))
    desk.exposure.filled("alpha", BTC, Decimal(5), REFERENCE)
    desk.engine.check(an_order("1", side=OrderSide.SELL))  # 4, still over but smaller
    assert desk.refusal(an_order("0.1")) is RiskCode.POSITION_INSTRUMENT


def test_the_strategy_limit_counts_only_that_strategys_positions() -> None:
    desk = Desk(RiskLimits(max_position_per_strategy=Decimal(60000)))
    desk.exposure.filled("beta", BTC, Decimal(5), REFERENCE)
    desk.exposure.order_opened("alpha", ETH, Decimal(15))  # 15 * 2,000 = 30,000
    desk.exposure.set_mark(ETH, Decimal(2000))  # marks come from checks and fills
    desk.engine.check(an_order("1"))  # alpha: 30,000 + 30,000
    assert desk.refusal(an_order("1.01")) is RiskCode.POSITION_STRATEGY
    desk.engine.check(an_order("1", strategy="gamma"))


def test_the_global_position_limit_is_gross_across_instruments() -> None:
    desk = Desk(RiskLimits(max_global_position_notional=Decimal(50000)))
    desk.exposure.filled("beta", ETH, Decimal(-10), Decimal(2000))  # short 20,000
    desk.exposure.set_mark(ETH, Decimal(2000))
    desk.engine.check(an_order("1"))  # 20,000 + 30,000: a long does not net a short
    assert desk.refusal(an_order("1.01")) is RiskCode.POSITION_GLOBAL


def test_total_exposure_counts_open_buys_and_open_sells_gross() -> None:
    desk = Desk(RiskLimits(max_total_notional_exposure=Decimal(90000)))
    desk.exposure.order_opened("alpha", BTC, Decimal("0.5"))
    desk.exposure.order_opened("alpha", BTC, Decimal("-0.5"))
    # 0.5 + 0.5 open + 2 = 3 at 30,000: at the limit; a sell does not cancel a buy.
    desk.engine.check(an_order("2"))
    assert desk.refusal(an_order("2.01")) is RiskCode.EXPOSURE_NOTIONAL
    assert desk.refusal(an_order("2.01", side=OrderSide.SELL)) is RiskCode.EXPOSURE_NOTIONAL


def test_a_limit_price_within_the_tolerance_passes_and_one_beyond_it_is_refused() -> None:
    desk = Desk(RiskLimits(price_tolerance_bps=Decimal(100)))  # 1% of 30,000 = 300
    desk.engine.check(an_order(price="30300"))
    desk.engine.check(an_order(price="29700"))
    assert desk.refusal(an_order(price="30301")) is RiskCode.PRICE_TOLERANCE
    assert desk.refusal(an_order(price="29699")) is RiskCode.PRICE_TOLERANCE


def test_a_price_tolerance_without_a_reference_refuses_a_limit_order() -> None:
    desk = Desk(RiskLimits(price_tolerance_bps=Decimal(100)))
    unknown = "BYBIT:PERPETUAL:SOL-USDT@LIN"
    assert desk.refusal(an_order(price="100", key=unknown)) is RiskCode.NO_REFERENCE_PRICE
    desk.engine.check(an_order(key=unknown))  # a market order is not price-checked


def test_a_notional_limit_without_a_price_refuses_a_market_order() -> None:
    desk = Desk(RiskLimits(max_order_notional=Decimal(10**9)))
    unknown = "BYBIT:PERPETUAL:SOL-USDT@LIN"
    assert desk.refusal(an_order(key=unknown)) is RiskCode.NO_REFERENCE_PRICE
    desk.engine.check(an_order("1", price="100", key=unknown))  # its own price will do


def test_an_inverse_order_notional_is_its_usd_amount() -> None:
    # 40,000 USD of BTC-USD inverse is 40,000 of notional at any price, not 40,000 * price.
    desk = Desk(RiskLimits(max_order_notional=Decimal(40000)))
    desk.engine.check(an_order("40000", key=INVERSE))
    assert desk.refusal(an_order("40001", key=INVERSE)) is RiskCode.ORDER_NOTIONAL_MAX


def test_inverse_positions_count_their_usd_amount_in_the_global_limit() -> None:
    desk = Desk(RiskLimits(max_global_position_notional=Decimal(100000)))
    desk.exposure.filled("alpha", INVERSE, Decimal(40000), Decimal(40000))
    desk.engine.check(an_order("2"))  # 40,000 USD + 2 * 30,000
    assert desk.refusal(an_order("2.01")) is RiskCode.POSITION_GLOBAL


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        (RiskLimits(max_orders_per_second=3), RiskCode.VELOCITY_GLOBAL_SECOND),
        (RiskLimits(max_orders_per_minute=3), RiskCode.VELOCITY_GLOBAL_MINUTE),
        (RiskLimits(max_strategy_orders_per_second=3), RiskCode.VELOCITY_STRATEGY_SECOND),
        (RiskLimits(max_strategy_orders_per_minute=3), RiskCode.VELOCITY_STRATEGY_MINUTE),
    ],
)
def test_the_order_after_the_velocity_limit_is_refused(limits: RiskLimits, code: RiskCode) -> None:
    desk = Desk(limits)
    for _ in range(3):
        desk.engine.check(an_order())
    assert desk.refusal(an_order()) is code


async def test_the_per_second_velocity_window_slides_with_the_clock() -> None:
    desk = Desk(RiskLimits(max_orders_per_second=2))
    desk.engine.check(an_order())
    await desk.clock.advance(0.5)
    desk.engine.check(an_order())
    assert desk.refusal(an_order()) is RiskCode.VELOCITY_GLOBAL_SECOND
    await desk.clock.advance(0.5)  # the first order is now a full second old
    desk.engine.check(an_order())
    assert desk.refusal(an_order()) is RiskCode.VELOCITY_GLOBAL_SECOND


def test_a_strategy_velocity_limit_leaves_other_strategies_alone() -> None:
    desk = Desk(RiskLimits(max_strategy_orders_per_second=1))
    desk.engine.check(an_order(strategy="alpha"))
    assert desk.refusal(an_order(strategy="alpha")) is RiskCode.VELOCITY_STRATEGY_SECOND
    desk.engine.check(an_order(strategy="beta"))


def test_a_refused_order_does_not_count_towards_velocity() -> None:
    desk = Desk(RiskLimits(max_orders_per_second=1, max_order_quantity=Decimal(1)))
    assert desk.refusal(an_order("2")) is RiskCode.ORDER_SIZE_MAX
    desk.engine.check(an_order("1"))


def test_forget_gives_back_the_velocity_count() -> None:
    desk = Desk(RiskLimits(max_orders_per_second=1))
    counted_at = desk.engine.check(an_order())
    assert desk.refusal(an_order()) is RiskCode.VELOCITY_GLOBAL_SECOND
    desk.engine.forget(an_order(), counted_at)
    assert desk.engine.view().orders_last_second == 0
    desk.engine.check(an_order())


async def test_forget_takes_back_only_the_one_it_was_given() -> None:
    desk = Desk(RiskLimits(max_orders_per_minute=2))
    first = desk.engine.check(an_order())
    await desk.clock.advance(1)
    desk.engine.check(an_order())
    desk.engine.forget(an_order(), first)
    assert desk.engine.view().orders_last_minute == 1
    desk.engine.check(an_order())
    assert desk.refusal(an_order()) is RiskCode.VELOCITY_GLOBAL_MINUTE


def test_the_kill_switch_refuses_every_order_even_a_reducing_one() -> None:
    desk = Desk(RiskLimits(), trading_state=TradingState.HALTED)
    desk.exposure.filled("alpha", BTC, Decimal(1), REFERENCE)
    assert desk.refusal(an_order(side=OrderSide.SELL)) is RiskCode.TRADING_HALTED
    desk.engine.set_trading_state(TradingState.ACTIVE)
    desk.engine.check(an_order(side=OrderSide.SELL))


def test_reducing_state_accepts_only_orders_that_shrink_the_position() -> None:
    desk = Desk(RiskLimits(), trading_state=TradingState.REDUCING)
    assert desk.refusal(an_order()) is RiskCode.REDUCE_ONLY  # flat: nothing to reduce
    desk.exposure.filled("alpha", BTC, Decimal(2), REFERENCE)
    assert desk.refusal(an_order("0.5")) is RiskCode.REDUCE_ONLY
    assert desk.refusal(an_order("4.01", side=OrderSide.SELL)) is RiskCode.REDUCE_ONLY
    assert desk.refusal(an_order("2.01", side=OrderSide.SELL)) is RiskCode.REDUCE_ONLY  # flips
    desk.engine.check(an_order("2", side=OrderSide.SELL))  # to flat


def test_a_reduce_only_order_that_would_grow_the_position_is_refused() -> None:
    desk = Desk(RiskLimits())
    desk.exposure.filled("alpha", BTC, Decimal(-1), REFERENCE)
    assert desk.refusal(an_order(reduce_only=True, side=OrderSide.SELL)) is RiskCode.REDUCE_ONLY
    desk.engine.check(an_order("0.5", reduce_only=True))


def test_reloaded_limits_apply_to_the_next_check() -> None:
    desk = Desk(RiskLimits())
    desk.engine.check(an_order("5"))
    desk.engine.reload(RiskLimits(max_order_quantity=Decimal(4)))
    assert desk.refusal(an_order("5")) is RiskCode.ORDER_SIZE_MAX
    assert desk.engine.view().limits.max_order_quantity == Decimal(4)


def test_the_margin_needed_must_be_available_at_the_venue() -> None:
    balances = InMemoryBalances({("BINANCE-FUTURES", "USDT"): Decimal(3000)})
    limits = RiskLimits(check_balance=True, margin_rate=Decimal("0.1"))
    desk = Desk(limits, balances=balances)
    desk.engine.check(an_order("1", venue="BINANCE-FUTURES"))  # needs 3,000
    assert desk.refusal(an_order("1.01", venue="BINANCE-FUTURES")) is (
        RiskCode.INSUFFICIENT_BALANCE
    )
    assert desk.refusal(an_order("1", venue="BYBIT")) is RiskCode.INSUFFICIENT_BALANCE


def test_an_unpinned_order_is_checked_against_the_sum_over_venues() -> None:
    balances = InMemoryBalances(
        {("BINANCE-FUTURES", "USDT"): Decimal(20000), ("BYBIT", "USDT"): Decimal(10000)}
    )
    desk = Desk(RiskLimits(check_balance=True), balances=balances)
    desk.engine.check(an_order("1"))
    assert desk.refusal(an_order("1.01")) is RiskCode.INSUFFICIENT_BALANCE


def test_inverse_margin_is_in_the_base_asset() -> None:
    # 40,000 USD at 40,000 is 1 BTC of margin at a rate of 1.
    balances = InMemoryBalances({("DERIBIT", "BTC"): Decimal(1)})
    desk = Desk(RiskLimits(check_balance=True), balances=balances)
    desk.engine.check(an_order("40000", key=INVERSE, venue="DERIBIT"))
    assert desk.refusal(an_order("40001", key=INVERSE, venue="DERIBIT")) is (
        RiskCode.INSUFFICIENT_BALANCE
    )


def test_an_order_that_reduces_the_position_needs_no_margin() -> None:
    balances = InMemoryBalances({("BINANCE-FUTURES", "USDT"): Decimal(0)})
    desk = Desk(RiskLimits(check_balance=True), balances=balances)
    desk.exposure.filled("alpha", BTC, Decimal(2), REFERENCE)
    desk.engine.check(an_order("1", side=OrderSide.SELL, venue="BINANCE-FUTURES"))
    assert desk.refusal(an_order("1", venue="BINANCE-FUTURES")) is RiskCode.INSUFFICIENT_BALANCE


def test_an_inverse_instruments_position_limit_is_in_its_usd_amount() -> None:
    # The API counts inverse instruments in USD (README, "Inverse instruments"): so does the cap.
    limits = RiskLimits(instrument_position_limits={INVERSE: Decimal(50000)})
    desk = Desk(limits)
    desk.exposure.filled("alpha", INVERSE, Decimal(40000), Decimal(40000))
    desk.engine.check(an_order("10000", key=INVERSE))
    assert desk.refusal(an_order("10001", key=INVERSE)) is RiskCode.POSITION_INSTRUMENT
