"""A nautilus venue's frozen configuration, and the TradingNodeConfig of all of them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from adapters.nautilus.live.options import (
    OPTIONS,
    NautilusOptionsError,
    NautilusVenueOptions,
    parse_options,
    rule_problems,
)
from adapters.venue_symbols import to_nautilus_id
from domain.errors import InvalidInstrumentKey
from domain.instrument_key import InstrumentKey, InstrumentType

if TYPE_CHECKING:
    pass

NODE_DEFAULTS: dict[str, Any] = {
    "trader_id": "ODUM-001",
    "log_level": "WARNING",
    "timeout_connection_s": 30.0,
    "timeout_reconciliation_s": 10.0,
    "timeout_portfolio_s": 10.0,
    "timeout_disconnection_s": 10.0,
    # NautilusTrader waits this long after stopping the trader; its default is 10 s.
    "timeout_post_stop_s": 1.0,
}


@attrs.frozen(kw_only=True)
class NautilusVenueConfig:
    """One venue traded through the service's TradingNode: our venue id and listings, its
    parsed options, and (for paper trading) the sandbox account's starting balances."""

    venue_id: str
    instruments: frozenset[str]
    options: NautilusVenueOptions
    starting_balances: tuple[tuple[str, Decimal], ...] = ()
    maker_fee: Decimal = Decimal(0)
    taker_fee: Decimal = Decimal(0)

    @property
    def client_name(self) -> str:
        """The node's client name (no hyphen: NautilusTrader cuts names at the first one)."""
        return re.sub(r"[^A-Z0-9_]", "_", self.venue_id.upper())

    @property
    def nautilus_venue(self) -> str:
        return self.options.exchange.value.upper()

    @property
    def exec_client_id(self) -> str:
        """The sandbox names its client after the nautilus venue; real clients by our name."""
        return self.nautilus_venue if self.options.paper else self.client_name

    @property
    def data_client_id(self) -> str:
        return self.client_name

    @property
    def instrument_ids(self) -> dict[str, str]:
        """Our listing key -> NautilusTrader instrument id, e.g. `BTCUSDT-PERP.BINANCE`."""
        return {key: to_nautilus_id(InstrumentKey.parse(key)) for key in sorted(self.instruments)}

    @property
    def is_spot(self) -> bool:
        return self.options.account_type in ("spot", "margin")


def parse_venue_config(
    venue_id: str,
    options: Mapping[str, Any],
    *,
    instruments: Sequence[str],
    starting_balances: Mapping[str, Decimal] | None = None,
    maker_fee: Decimal = Decimal(0),
    taker_fee: Decimal = Decimal(0),
) -> NautilusVenueConfig:
    """Validate the options against the venue's listings; every problem reported at once."""
    parsed = parse_options(venue_id, options)
    config = NautilusVenueConfig(
        venue_id=venue_id,
        instruments=frozenset(instruments),
        options=parsed,
        starting_balances=tuple(sorted((starting_balances or {}).items())),
        maker_fee=maker_fee,
        taker_fee=taker_fee,
    )
    problems = rule_problems(parsed) + _listing_problems(config)
    if parsed.paper and not config.starting_balances:
        problems.append("starting_balances: a paper venue needs some (e.g. {'USDT': '100000'})")
    if problems:
        raise NautilusOptionsError(venue_id, problems)
    return config


def _listing_problems(config: NautilusVenueConfig) -> list[str]:
    problems = []
    account = config.options.account_type
    replay = config.options.replay
    if not config.instruments:
        problems.append("instruments: a nautilus venue needs at least one instrument")
    for key in sorted(config.instruments):
        try:
            parsed = InstrumentKey.parse(key)
            nautilus_id = to_nautilus_id(parsed)
        except InvalidInstrumentKey as error:
            problems.append(f"instruments: {error}")
            continue
        if not nautilus_id.endswith(f".{config.nautilus_venue}"):
            problems.append(f"instruments: {key} is not listed on {config.options.exchange}")
        elif not _fits_account(account, parsed):
            problems.append(f"{OPTIONS}.account_type: {account} accounts do not trade {key}")
        if replay is not None and key not in replay.instruments:
            problems.append(f"{OPTIONS}.replay.instruments: give tick_size and lot_size of {key}")
    return problems


def _fits_account(account_type: str, key: InstrumentKey) -> bool:
    if account_type in ("spot", "margin"):
        return key.instrument_type is InstrumentType.SPOT_PAIR
    if account_type == "option":
        return key.instrument_type is InstrumentType.OPTION
    inverse = account_type in ("coin_future", "inverse")
    dated = (InstrumentType.PERPETUAL, InstrumentType.FUTURE)
    return key.instrument_type in dated and key.is_inverse == inverse


def merged_settings(venues: Sequence[NautilusVenueConfig], part: str) -> dict[str, Any]:
    """The `node` or `reconciliation` options set by any venue; two venues setting one field
    differently is an error (they share one node)."""
    merged: dict[str, tuple[str, Any]] = {}
    problems = []
    for venue in venues:
        values = attrs.asdict(getattr(venue.options, part), recurse=False)
        for name, value in values.items():
            if value is None:
                continue
            earlier = merged.setdefault(name, (venue.venue_id, value))
            if earlier[1] != value:
                problems.append(
                    f"{OPTIONS}.{part}.{name}: {value!r} differs from {earlier[1]!r} set by venue "
                    f"{earlier[0]}; venues on one TradingNode must agree"
                )
    if problems:
        raise NautilusOptionsError(",".join(v.venue_id for v in venues), problems)
    return {name: value for name, (_, value) in merged.items()}
