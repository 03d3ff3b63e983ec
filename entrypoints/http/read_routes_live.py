"""Live read endpoints: recent fills, PnL by instrument and the execution log's tail."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from litestar import Router, get
from litestar.di import NamedDependency, Provide
from litestar.params import Parameter

from adapters.serialization.converter import make_converter
from application.oms.queries import OrderQueries
from application.positions.tracker import UnifiedPositionTracker
from application.risk.engine import PreTradeRiskEngine
from entrypoints.http.fields import MAX_ID, TEXT_PATTERN
from entrypoints.http.messages import BadRequest, fill_json
from entrypoints.http.read_routes_log import LogTailHandler, installed_tail
from entrypoints.http.read_routes_types import InstrumentPnl, LiveFill, LogTail, PnlReport

ZERO = Decimal(0)
_converter = make_converter()

# Filters: printable text (a control character is refused by the schema, not a 400 later).
QueryText = Annotated[str | None, Parameter(pattern=TEXT_PATTERN, max_length=MAX_ID)]


def _d(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


@get("/api/fills")
async def list_fills(
    order_queries: NamedDependency[OrderQueries],
    instrument_key: QueryText = None,
    venue: QueryText = None,
    limit: Annotated[int, Parameter(query="limit", ge=1, le=10_000)] = 500,
) -> list[LiveFill]:
    """The newest fills (of the last 2000 orders), newest first."""
    if not 1 <= limit <= 10_000:
        raise BadRequest(["limit: must be between 1 and 10000"])
    found = await order_queries.recent_fills(
        limit=limit, instrument_key=instrument_key, venue=venue
    )
    return [LiveFill(**fill_json(fill)) for fill in found]


@get("/api/pnl", sync_to_thread=False)
def pnl(positions: NamedDependency[UnifiedPositionTracker]) -> PnlReport:
    """Realized, unrealized (at the last mark), fees and net, per instrument and in total."""
    rows, totals = [], [ZERO, ZERO, ZERO]
    for position in positions.all():
        realized, unrealized, fees = (
            position.realized_pnl,
            position.unrealized_pnl(),
            position.fees,
        )
        totals = [totals[0] + realized, totals[1] + unrealized, totals[2] + fees]
        rows.append(
            InstrumentPnl(
                instrument_key=position.instrument_key,
                quantity=_d(position.aggregated_quantity),
                average_entry_price=_d(position.average_entry_price),
                current_price=None
                if position.current_price is None
                else _d(position.current_price),
                realized_pnl=_d(realized),
                unrealized_pnl=_d(unrealized),
                fees=_d(fees),
                net_pnl=_d(realized + unrealized - fees),
            )
        )
    realized, unrealized, fees = totals
    return PnlReport(
        realized_pnl=_d(realized),
        unrealized_pnl=_d(unrealized),
        fees=_d(fees),
        net_pnl=_d(realized + unrealized - fees),
        instruments=rows,
    )


@get("/api/log", sync_to_thread=False)
def execution_log(
    log_tail: NamedDependency[LogTailHandler],
    lines: Annotated[int, Parameter(query="lines", ge=1, le=2_000)] = 200,
) -> LogTail:
    """The newest `lines` lines of this process's execution log."""
    if not 1 <= lines <= 2_000:
        raise BadRequest(["lines: must be between 1 and 2000"])
    kept, dropped = log_tail.tail(lines)
    return LogTail(lines=kept, dropped=dropped)


@get("/api/risk/limits/current", sync_to_thread=False)
def risk_limits(risk: NamedDependency[PreTradeRiskEngine]) -> dict[str, Any]:
    """The limits in force (what `PUT /api/risk/limits` takes), decimals as strings."""
    body: dict[str, Any] = _converter.unstructure(risk.limits)
    body["trading_state"] = risk.view().trading_state.value
    return body


def live_read_routes(tail: LogTailHandler | None = None) -> Router:
    """`order_queries` and `positions` come from the live app's dependencies."""
    handler = tail or installed_tail()
    return Router(
        path="/",
        route_handlers=[list_fills, pnl, execution_log, risk_limits],
        dependencies={"log_tail": Provide(lambda: handler, use_cache=True, sync_to_thread=False)},
    )
