"""The TradingNode's config: every venue's data and execution clients on one node."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nautilus_trader.config import LiveExecEngineConfig, LoggingConfig, TradingNodeConfig

from adapters.nautilus.live.clients import data_client_config, exec_client_config
from adapters.nautilus.live.config import NODE_DEFAULTS, NautilusVenueConfig, merged_settings
from adapters.nautilus.live.options import OPTIONS, NautilusOptionsError


def trading_node_config(
    venues: Sequence[NautilusVenueConfig], *, environ: Mapping[str, str]
) -> TradingNodeConfig:
    """Data and execution clients of every venue (exchange, sandbox or replay) on one node;
    credentials are read here from `environ`, by the names the options give."""

    _check_distinct_clients(venues)
    node = NODE_DEFAULTS | merged_settings(venues, "node")
    reconciliation = merged_settings(venues, "reconciliation")
    renamed = {
        "enabled": "reconciliation",
        "lookback_mins": "reconciliation_lookback_mins",
        "startup_delay_secs": "reconciliation_startup_delay_secs",
    }
    exec_engine = {renamed.get(name, name): value for name, value in reconciliation.items()}
    return TradingNodeConfig(
        trader_id=node["trader_id"],
        logging=LoggingConfig(log_level=node["log_level"].upper(), log_colors=False),
        exec_engine=LiveExecEngineConfig(**exec_engine),
        data_clients={v.client_name: data_client_config(v, environ) for v in venues},
        exec_clients={v.client_name: exec_client_config(v, environ) for v in venues},
        timeout_connection=node["timeout_connection_s"],
        timeout_reconciliation=node["timeout_reconciliation_s"],
        timeout_portfolio=node["timeout_portfolio_s"],
        timeout_disconnection=node["timeout_disconnection_s"],
        timeout_post_stop=node["timeout_post_stop_s"],
    )


def _check_distinct_clients(venues: Sequence[NautilusVenueConfig]) -> None:
    problems = []
    seen: dict[str, str] = {}
    for venue in venues:
        for client in {venue.client_name, venue.exec_client_id}:
            other = seen.setdefault(client, venue.venue_id)
            if other != venue.venue_id:
                why = " (one sandbox per exchange on a node)" if venue.options.paper else ""
                problems.append(
                    f"{OPTIONS}: venues {other} and {venue.venue_id} would share the node "
                    f"client {client}{why}"
                )
    if problems:
        raise NautilusOptionsError(",".join(v.venue_id for v in venues), problems)
