"""One simulated NautilusTrader exchange per configured venue (NETTING, MARGIN, L2 books)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from nautilus_trader.backtest.engine import BacktestEngine
from nautilus_trader.backtest.models import FillModel, LatencyModel
from nautilus_trader.backtest.modules import SimulationModule
from nautilus_trader.model.enums import AccountType, BookType, OmsType
from nautilus_trader.model.identifiers import Venue
from nautilus_trader.model.objects import Currency, Money

from adapters.nautilus.config import NautilusBacktestConfig
from adapters.nautilus.market_remainders import MarketRemainders
from ports.backtest_engine import VenueAccount

NS_PER_MS = 1_000_000


def fill_model(config: NautilusBacktestConfig) -> FillModel:
    """Seeded, so the same run fills the same way every time."""
    return FillModel(
        prob_fill_on_limit=config.prob_fill_on_limit,
        prob_slippage=config.prob_slippage,
        random_seed=config.seed,
    )


def latency_model(latency_ms: Decimal) -> LatencyModel | None:
    """The venue's configured one-way latency on every order command; None when zero."""
    nanos = int(latency_ms * NS_PER_MS)
    if nanos <= 0:
        return None
    return LatencyModel(
        base_latency_nanos=nanos,
        insert_latency_nanos=0,
        update_latency_nanos=0,
        cancel_latency_nanos=0,
    )


def starting_money(account: VenueAccount, currency: str, default: Decimal) -> list[Money]:
    """The venue's own starting balances, else the backtest's balance in its currency."""
    balances = dict(account.starting_balances) or {currency: default}
    return [Money(amount, Currency.from_str(code)) for code, amount in sorted(balances.items())]


def add_simulated_venue(
    engine: BacktestEngine,
    account: VenueAccount,
    *,
    nautilus_venue: str,
    currency: str,
    default_balance: Decimal,
    config: NautilusBacktestConfig,
    modules: Sequence[SimulationModule] = (),
) -> None:
    """Fees come with the instruments (maker/taker of the venue); margin is leveraged."""
    money = starting_money(account, currency, default_balance)
    engine.add_venue(
        venue=Venue(nautilus_venue),
        oms_type=OmsType.NETTING,
        account_type=AccountType.MARGIN,
        starting_balances=money,
        base_currency=money[0].currency if len(money) == 1 else None,
        default_leverage=config.leverage,
        fill_model=fill_model(config),
        latency_model=latency_model(account.venue.latency_ms),
        book_type=BookType.L2_MBP,
        use_random_ids=False,
        liquidity_consumption=True,
        modules=[MarketRemainders(), *modules],
    )
