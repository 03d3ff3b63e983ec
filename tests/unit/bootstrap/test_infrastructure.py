"""Every profile presents the same typed ports; a profile container provides only what differs."""

from __future__ import annotations

import pytest
from dependency_injector import containers, errors, providers

from adapters.memory.simulated_venue import SimulatedVenue
from bootstrap.build import build_container
from bootstrap.containers.infrastructure import Infrastructure, infrastructure_over
from bootstrap.containers.memory_infra import MemoryInfrastructure
from bootstrap.settings.loader import parse_settings
from ports.clock import Clock
from ports.object_store import ObjectStore

DERIBIT_PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"


def _settings() -> object:
    return parse_settings(
        {
            "storage": {"backend": "memory"},
            "venues": [
                {
                    "venue_id": "DERIBIT",
                    "kind": "EXTERNAL_SDK",
                    "instruments": [DERIBIT_PERP],
                    "starting_balances": {"BTC": "1"},
                    "adapter": {"type": "deribit", "options": {"testnet": True}},
                }
            ],
        }
    )


@pytest.mark.parametrize("profile", ["test", "backtest"])
def test_every_profile_presents_the_same_typed_ports(profile: str) -> None:
    infra = build_container(profile, _settings()).infra  # type: ignore[arg-type]
    assert isinstance(infra.clock(), Clock)
    assert isinstance(infra.object_store(), ObjectStore)
    assert set(infra.health_probes()) >= {"database", "redis"}
    assert callable(infra.uow_factory())


def test_the_backtest_profile_simulates_a_venue_configured_for_deribit() -> None:
    backtest = build_container("backtest", _settings())  # type: ignore[arg-type]
    assert isinstance(backtest.infra.venues().get("DERIBIT"), SimulatedVenue)
    test = build_container("test", _settings())  # type: ignore[arg-type]
    assert not isinstance(test.infra.venues().get("DERIBIT"), SimulatedVenue)


def test_a_profile_missing_a_port_is_named_when_the_container_is_checked() -> None:
    class NoObjectStore(containers.DeclarativeContainer):
        clock = MemoryInfrastructure.clock
        database = MemoryInfrastructure.database
        uow_factory = MemoryInfrastructure.uow_factory
        health_probes = providers.Dict()

    own = NoObjectStore()
    infra = Infrastructure(
        settings=_settings(),
        profile=own,
        profile_name=providers.Object("test"),
        clock=own.clock,
        database=own.database,
        uow_factory=own.uow_factory,
        health_probes=own.health_probes,
    )
    with pytest.raises(errors.Error, match="object_store"):
        infra.check_dependencies()


def test_a_port_of_the_wrong_type_is_refused_when_provided() -> None:
    infra = infrastructure_over(
        MemoryInfrastructure(settings=_settings()), settings=_settings(), profile="test"
    )
    infra.clock.override(providers.Object("not a clock"))
    with pytest.raises(errors.Error, match="Clock"):
        infra.clock()
