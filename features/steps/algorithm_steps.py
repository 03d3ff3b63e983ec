"""Steps of the execution algorithm scenarios; state flows through the `desk` fixture."""

from __future__ import annotations

import json
from decimal import Decimal

from pytest_bdd import given, parsers, then, when

from application.algorithms import RunState
from domain.enums import ExecAlgorithm, OrderSide
from features.steps.algorithm_desk import DAY, START, AlgorithmDesk, S

D = Decimal


def _decimals(text: str) -> list[Decimal]:
    return [D(part.strip()) for part in text.split(",")]


def _algorithm(name: str) -> ExecAlgorithm:
    return ExecAlgorithm(name.upper())


@given(parsers.parse("the instrument trades in lots of {lot}"), target_fixture="desk")
def _instrument_lots(lot: str) -> AlgorithmDesk:
    return AlgorithmDesk(lot_size=D(lot))


@given(
    parsers.parse("a {algorithm:w} to {side:w} {quantity} over {horizon:d} s every {interval:d} s")
)
def _sliced_algorithm(
    desk: AlgorithmDesk, algorithm: str, side: str, quantity: str, horizon: int, interval: int
) -> None:
    params = {"horizon_secs": horizon, "interval_secs": interval}
    desk.start(_algorithm(algorithm), OrderSide(side.upper()), D(quantity), params)


@given(
    parsers.parse(
        "a VWAP to {side:w} {quantity} over {horizon:d} s every {interval:d} s "
        "with volume profile {profile}"
    )
)
def _vwap_with_profile(
    desk: AlgorithmDesk, side: str, quantity: str, horizon: int, interval: int, profile: str
) -> None:
    params = {"horizon_secs": horizon, "interval_secs": interval}
    params["volume_profile"] = [str(w) for w in _decimals(profile)]
    desk.start(ExecAlgorithm.VWAP, OrderSide(side.upper()), D(quantity), params)


@given(parsers.parse("an Iceberg to {side:w} {quantity} showing {visible}"))
def _iceberg(desk: AlgorithmDesk, side: str, quantity: str, visible: str) -> None:
    params = {"visible_quantity": visible}
    desk.start(ExecAlgorithm.ICEBERG, OrderSide(side.upper()), D(quantity), params)


@given(
    parsers.parse(
        "yesterday {first} traded in the first {interval:d} s of the window "
        "and {second} in the next {interval2:d} s"
    )
)
def _yesterdays_volume(
    desk: AlgorithmDesk, first: str, interval: int, second: str, interval2: int
) -> None:
    yesterday = START - DAY
    desk.volume_history.append((yesterday + interval * S // 2, D(first)))
    desk.volume_history.append((yesterday + (interval + interval2 // 2) * S, D(second)))


@given(parsers.parse("{volume} trades {seconds:d} s after the start"))
def _future_volume(desk: AlgorithmDesk, volume: str, seconds: int) -> None:
    desk.volume_history.append((START + seconds * S, D(volume)))


@when(parsers.parse("the clock runs to {seconds:d} s and every child fills"))
def _clock_runs_filling(desk: AlgorithmDesk, seconds: int) -> None:
    desk.run_clock_to(seconds, fill=True)


@when(parsers.parse("the clock runs to {seconds:d} s"))
def _clock_runs(desk: AlgorithmDesk, seconds: int) -> None:
    desk.run_clock_to(seconds, fill=False)


@when(parsers.parse("the working child fills {quantity}"))
def _working_child_fills(desk: AlgorithmDesk, quantity: str) -> None:
    desk.fill(desk.only_working(), D(quantity))


@when("the venue rejects the working child")
def _venue_rejects(desk: AlgorithmDesk) -> None:
    desk.run.on_closed(desk.only_working().sequence)


@when("the trader cancels the run")
def _trader_cancels(desk: AlgorithmDesk) -> None:
    for child in desk.run.cancel():
        desk.run.on_closed(child.sequence)  # the venue confirms each cancel


@when(parsers.parse("a {algorithm:w} is asked for with {params}"))
def _asked_for(desk: AlgorithmDesk, algorithm: str, params: str) -> None:
    desk.try_start(_algorithm(algorithm), json.loads(params))


@then(parsers.parse("{count:d} children were sent at {times} s"))
def _sent_at(desk: AlgorithmDesk, count: int, times: str) -> None:
    assert len(desk.sent) == count
    assert [(c.due_ns - START) // S for c in desk.sent] == [int(t) for t in times.split(",")]


@then(parsers.parse("{count:d} children were sent"))
def _sent(desk: AlgorithmDesk, count: int) -> None:
    assert len(desk.sent) == count


@then(parsers.parse("every child is {low} or {high}"))
def _every_child_is(desk: AlgorithmDesk, low: str, high: str) -> None:
    assert {c.quantity for c in desk.sent} <= {D(low), D(high)}


@then(parsers.parse("the children add up to exactly {total}"))
def _add_up_to(desk: AlgorithmDesk, total: str) -> None:
    assert sum(c.quantity for c in desk.sent) == D(total)
    assert desk.run.filled_quantity == D(total)


@then(parsers.parse("the children were {quantities}"))
def _children_were(desk: AlgorithmDesk, quantities: str) -> None:
    assert [c.quantity for c in desk.sent] == _decimals(quantities)


@then(parsers.parse("{count:d} child of {quantity} is working"))
def _child_working(desk: AlgorithmDesk, count: int, quantity: str) -> None:
    assert [c.quantity for c in desk.run.working_children] == [D(quantity)] * count


@then(parsers.parse("{count:d} child of {quantity} is working with {left} left"))
def _child_working_with_left(desk: AlgorithmDesk, count: int, quantity: str, left: str) -> None:
    _child_working(desk, count, quantity)
    assert desk.run.working_quantity == D(left)


@then(parsers.parse("the run is {state:w}"))
def _run_is(desk: AlgorithmDesk, state: str) -> None:
    assert desk.run.state is RunState(state)


@then(parsers.parse("the run is FAILED with {left} left unfilled"))
def _run_failed(desk: AlgorithmDesk, left: str) -> None:
    assert desk.run.state is RunState.FAILED
    assert desk.run.remaining_quantity == D(left)
    assert desk.run.is_done


@then(parsers.parse("the run is CANCELED with {filled} filled"))
def _run_canceled(desk: AlgorithmDesk, filled: str) -> None:
    assert desk.run.state is RunState.CANCELED
    assert desk.run.filled_quantity == D(filled)
    assert desk.run.is_done


@then(parsers.parse("it is refused naming {field}"))
def _refused(desk: AlgorithmDesk, field: str) -> None:
    assert desk.refusal is not None, "the parameters were accepted"
    assert desk.refusal.field == field
