"""Pre-trade risk engine: every check an order passes before it may reach a venue."""

from __future__ import annotations

from decimal import Decimal

import attrs

from application.risk.exposure import ExposureBook
from application.risk.velocity import VelocityTracker
from domain.enums import OrderType, TradingState
from domain.instrument_facts import is_inverse
from domain.instrument_key import InstrumentKey
from domain.order_request import OrderRequest
from domain.quantity_units import notional as order_notional
from domain.risk_limits import RiskCode, RiskLimits, RiskRejected
from ports.account_balance import AccountBalance
from ports.clock import Clock
from ports.market_data import MarketData

BPS = Decimal(10_000)


@attrs.frozen(kw_only=True)
class RiskStateView:
    """What the risk engine currently enforces, for the API and the status page."""

    trading_state: TradingState
    limits: RiskLimits
    orders_last_second: int
    orders_last_minute: int


class PreTradeRiskEngine:
    """Checks an order against limits; raises `RiskRejected(code, reason)` on the first breach.

    Cost per check depends on the number of instruments, never on open orders: the
    exposure it projects is kept incrementally in an `ExposureBook`.
    """

    def __init__(
        self,
        *,
        limits: RiskLimits,
        clock: Clock,
        exposure: ExposureBook,
        market_data: MarketData,
        balances: AccountBalance | None = None,
        trading_state: TradingState = TradingState.ACTIVE,
    ) -> None:
        self._limits = limits
        self._clock = clock
        self._exposure = exposure
        self._market_data = market_data
        self._balances = balances
        self._velocity = VelocityTracker()
        self.trading_state = trading_state

    @property
    def limits(self) -> RiskLimits:
        return self._limits

    def reload(self, limits: RiskLimits) -> None:
        """Swap limits at runtime; the next check uses them."""
        self._limits = limits

    def set_trading_state(self, state: TradingState) -> None:
        self.trading_state = state

    def view(self) -> RiskStateView:
        now = self._clock.now_ns()
        return RiskStateView(
            trading_state=self.trading_state,
            limits=self._limits,
            orders_last_second=self._velocity.global_second.count(now),
            orders_last_minute=self._velocity.global_minute.count(now),
        )

    def check(self, request: OrderRequest) -> int:
        """Run every check; on success the order counts towards velocity, at the time
        returned (`forget` takes it back)."""
        now = self._clock.now_ns()
        limits = self._limits
        signed = request.signed_quantity
        self._check_trading_state(request, signed)
        self._check_velocity(request.strategy_id, now, limits)
        self._check_size(request, limits)
        price = self._price_for(request, limits)
        self._check_positions(request, signed, price, limits)
        self._check_balance(request, signed, price, limits)
        self._velocity.record(request.strategy_id, now)
        return now

    def forget(self, request: OrderRequest, counted_at: int) -> None:
        """A checked order that was not placed (a replayed operation id, or a write that
        failed) stops counting towards velocity."""
        self._velocity.forget(request.strategy_id, counted_at)

    def _check_trading_state(self, request: OrderRequest, signed: Decimal) -> None:
        if self.trading_state is TradingState.HALTED:
            raise RiskRejected(RiskCode.TRADING_HALTED, "trading is halted (kill switch)")
        reducing_only = self.trading_state is TradingState.REDUCING or request.reduce_only
        if reducing_only and not self._reduces(request.instrument_key, signed):
            why = "trading state is REDUCING" if not request.reduce_only else "order is reduce-only"
            raise RiskRejected(
                RiskCode.REDUCE_ONLY, f"{why}: only orders that reduce the position are accepted"
            )

    def _reduces(self, instrument_key: str, signed: Decimal) -> bool:
        # The position if the order's own side fills: open orders the other way may not.
        current = self._exposure.projected_position(instrument_key, signed) - signed
        after = current + signed
        return (
            current != 0
            and abs(after) <= abs(current)
            and (after == 0 or (after > 0) == (current > 0))
        )

    def _check_velocity(self, strategy_id: str, now: int, limits: RiskLimits) -> None:
        velocity = self._velocity
        checks = [
            (
                limits.max_orders_per_second,
                velocity.global_second,
                RiskCode.VELOCITY_GLOBAL_SECOND,
                "orders per second",
            ),
            (
                limits.max_orders_per_minute,
                velocity.global_minute,
                RiskCode.VELOCITY_GLOBAL_MINUTE,
                "orders per minute",
            ),
        ]
        if limits.max_strategy_orders_per_second or limits.max_strategy_orders_per_minute:
            second, minute = velocity.for_strategy(strategy_id)
            checks += [
                (
                    limits.max_strategy_orders_per_second,
                    second,
                    RiskCode.VELOCITY_STRATEGY_SECOND,
                    f"orders per second for strategy {strategy_id}",
                ),
                (
                    limits.max_strategy_orders_per_minute,
                    minute,
                    RiskCode.VELOCITY_STRATEGY_MINUTE,
                    f"orders per minute for strategy {strategy_id}",
                ),
            ]
        for limit, window, code, what in checks:
            if limit is not None and window.count(now) >= limit:
                raise RiskRejected(code, f"{what} would exceed the limit of {limit}")

    def _check_size(self, request: OrderRequest, limits: RiskLimits) -> None:
        qty = request.quantity
        if limits.min_order_quantity is not None and qty < limits.min_order_quantity:
            raise RiskRejected(
                RiskCode.ORDER_SIZE_MIN,
                f"quantity {qty} is below the minimum {limits.min_order_quantity}",
            )
        if limits.max_order_quantity is not None and qty > limits.max_order_quantity:
            raise RiskRejected(
                RiskCode.ORDER_SIZE_MAX,
                f"quantity {qty} is above the maximum {limits.max_order_quantity}",
            )

    def _price_for(self, request: OrderRequest, limits: RiskLimits) -> Decimal | None:
        reference = self._market_data.reference_price(request.instrument_key)
        if reference is not None:
            self._exposure.set_mark(request.instrument_key, reference)
        if request.order_type is OrderType.LIMIT and limits.price_tolerance_bps is not None:
            if reference is None:
                raise RiskRejected(
                    RiskCode.NO_REFERENCE_PRICE,
                    f"no reference price for {request.instrument_key} to check "
                    "the limit price against",
                )
            deviation = abs(request.price - reference) / reference * BPS
            if deviation > limits.price_tolerance_bps:
                raise RiskRejected(
                    RiskCode.PRICE_TOLERANCE,
                    f"limit price {request.price} is {deviation:.1f} bps from the reference "
                    f"{reference}; tolerance is {limits.price_tolerance_bps} bps",
                )
        price = request.price if request.order_type is OrderType.LIMIT else reference
        needs_price = (
            limits.max_order_notional,
            limits.max_position_per_strategy,
            limits.max_global_position_notional,
            limits.max_total_notional_exposure,
        )
        if price is None and (any(v is not None for v in needs_price) or limits.check_balance):
            raise RiskRejected(
                RiskCode.NO_REFERENCE_PRICE,
                f"no reference price for {request.instrument_key}: notional "
                "limits cannot be checked",
            )
        if price is not None and limits.max_order_notional is not None:
            notional = order_notional(
                request.quantity, price, inverse=is_inverse(request.instrument_key)
            )
            if notional > limits.max_order_notional:
                raise RiskRejected(
                    RiskCode.ORDER_NOTIONAL_MAX,
                    f"order notional {notional:.2f} is above the maximum "
                    f"{limits.max_order_notional}",
                )
        return price

    def _check_positions(
        self, request: OrderRequest, signed: Decimal, price: Decimal | None, limits: RiskLimits
    ) -> None:
        key = request.instrument_key
        exposure = self._exposure
        instrument_limit = limits.position_limit_for(key)
        if instrument_limit is not None:
            projected = exposure.projected_position(key, signed)
            current = projected - signed  # with the open orders on the order's side
            # Over the limit is tolerated only for orders that bring the position back.
            if abs(projected) > instrument_limit and abs(projected) >= abs(current):
                raise RiskRejected(
                    RiskCode.POSITION_INSTRUMENT,
                    f"projected position {projected} in {key} exceeds the limit "
                    f"of {instrument_limit}",
                )
        if price is None:
            return
        checks = (
            (
                limits.max_position_per_strategy,
                RiskCode.POSITION_STRATEGY,
                lambda: exposure.strategy_notional(request.strategy_id, key, signed, price),
                f"projected notional of strategy {request.strategy_id}",
            ),
            (
                limits.max_global_position_notional,
                RiskCode.POSITION_GLOBAL,
                lambda: exposure.global_position_notional(key, signed, price),
                "projected global position notional",
            ),
            (
                limits.max_total_notional_exposure,
                RiskCode.EXPOSURE_NOTIONAL,
                lambda: exposure.total_exposure(key, signed, price),
                "total notional exposure (positions and open orders)",
            ),
        )
        for limit, code, compute, what in checks:
            if limit is None:
                continue
            value = compute()
            if value > limit:
                raise RiskRejected(code, f"{what} {value:.2f} would exceed the limit of {limit}")

    def _check_balance(
        self, request: OrderRequest, signed: Decimal, price: Decimal | None, limits: RiskLimits
    ) -> None:
        if not limits.check_balance or self._balances is None or price is None:
            return
        if self._reduces(request.instrument_key, signed):
            return
        currency = InstrumentKey.parse(request.instrument_key).settle_asset
        available = self._balances.available(request.venue, currency)
        # Inverse margin is in the settlement (base) asset: USD amount / price.
        inverse = is_inverse(request.instrument_key)
        value = request.quantity / price if inverse else request.quantity * price
        required = value * limits.margin_rate
        if available is None or required > available:
            raise RiskRejected(
                RiskCode.INSUFFICIENT_BALANCE,
                f"order needs {required:.2f} {currency} of margin; "
                f"{available if available is not None else 0} available",
            )
