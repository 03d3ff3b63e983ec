"""Steps that move the recorded market of a paper TradingNode."""

from __future__ import annotations

from pytest_bdd import given, parsers, when

from features.steps.live_world import SandboxNodeWorld


@given(parsers.parse("the node has replayed {ticks:d} recorded ticks"))
def replayed(world: SandboxNodeWorld, ticks: int) -> None:
    world.build()
    world.replay(ticks)


@when("the rest of the recorded day is replayed")
def replay_the_rest(world: SandboxNodeWorld) -> None:
    world.replay(None)


@when(parsers.parse("the node replays {ticks:d} more recorded ticks"))
def replay_more(world: SandboxNodeWorld, ticks: int) -> None:
    world.replay(ticks)
