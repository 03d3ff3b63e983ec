"""The SQL the adapter runs, built once from the Core tables and compiled for psycopg."""

from __future__ import annotations

from functools import cache

from sqlalchemy import (
    ARRAY,
    Table,
    Text,
    any_,
    bindparam,
    case,
    column,
    func,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB, Insert, insert
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.selectable import TableValuedAlias

from adapters.postgres.tables import OPEN_ORDER, unified_fills, unified_orders, unified_positions

_DIALECT = postgresql.psycopg.dialect()  # type: ignore[attr-defined]
_IMMUTABLE = frozenset({"operation_id", "client_order_id", "canonical_id", "created_at"})
_FILTERS = ("status", "strategy_id", "parent_operation_id")


def _sql(statement: ClauseElement) -> str:
    return str(statement.compile(dialect=_DIALECT))


def _records(table: Table) -> TableValuedAlias:
    """`jsonb_to_recordset(%(rows)s)` typed like `table`: a whole batch in one parameter."""
    columns = [column(c.name, c.type) for c in table.c]
    function = func.jsonb_to_recordset(bindparam("rows", type_=JSONB))
    return function.table_valued(*columns).render_derived(name="r", with_types=True)


def _insert(table: Table) -> Insert:
    rows = _records(table)
    names = [c.name for c in table.c]
    return insert(table).from_select(names, select(*[rows.c[n] for n in names]))


@cache
def insert_orders() -> str:
    """New orders; a duplicate operation id or client order id is skipped (and detected)."""
    t = unified_orders
    return _sql(_insert(t).on_conflict_do_nothing().returning(t.c.operation_id))


@cache
def update_orders() -> str:
    """Orders whose stored version is still `version`; each updated one comes back."""
    t, r = unified_orders, _records(unified_orders)
    values = {c.name: r.c[c.name] for c in t.c if c.name not in _IMMUTABLE}
    values["version"] = r.c.version + literal_column("1")
    statement = (
        update(t)
        .values(values)
        .where(t.c.operation_id == r.c.operation_id, t.c.version == r.c.version)
        .returning(t.c.operation_id)
    )
    return _sql(statement)


@cache
def insert_fills() -> str:
    """New fills; one already stored (same venue trade, or same fill id) is skipped."""
    t = unified_fills
    return _sql(_insert(t).on_conflict_do_nothing().returning(t.c.venue, t.c.venue_trade_id))


@cache
def upsert_positions() -> str:
    t = unified_positions
    statement = _insert(t)
    changes = {c.name: statement.excluded[c.name] for c in t.c if c.name != "canonical_id"}
    return _sql(statement.on_conflict_do_update(index_elements=[t.c.canonical_id], set_=changes))


@cache
def orders_by(key: str) -> str:
    """Orders whose `key` (operation_id or client_order_id) is in %(keys)s."""
    t = unified_orders
    return _sql(select(t).where(t.c[key] == any_(bindparam("keys"))))


@cache
def fills_of_orders() -> str:
    """Fills of the orders in %(keys)s, with the order's side and key for pre-0002 rows."""
    f, o = unified_fills, unified_orders
    statement = (
        select(f, o.c.side.label("order_side"), o.c.canonical_id.label("order_key"))
        .join(o, o.c.operation_id == f.c.operation_id)
        .where(f.c.operation_id == any_(bindparam("keys")))
        .order_by(f.c.ts_event, f.c.fill_id)
    )
    return _sql(statement)


def _fill_key() -> ClauseElement:
    """A fill's instrument key; rows older than 0002 have it on their order only."""
    return func.coalesce(unified_fills.c.instrument_key, unified_orders.c.canonical_id)


@cache
def strategy_fills(of_instruments: bool = False) -> str:
    """Every fill (of the instruments in %(keys)s, if `of_instruments`) with its order's
    strategy (and side and key for pre-0002 rows), oldest first."""
    f, o = unified_fills, unified_orders
    statement = (
        select(
            f,
            o.c.strategy_id.label("order_strategy_id"),
            o.c.side.label("order_side"),
            o.c.canonical_id.label("order_key"),
        )
        .join(o, o.c.operation_id == f.c.operation_id)
        .order_by(f.c.ts_event, f.c.fill_id)
    )
    if of_instruments:
        statement = statement.where(_fill_key() == any_(bindparam("keys", type_=ARRAY(Text))))
    return _sql(statement)


@cache
def strategy_totals() -> str:
    """Net signed quantity of every (strategy, instrument) with fills; sides as stored, or
    the order's for pre-0002 rows."""
    f, o = unified_fills, unified_orders
    side = func.coalesce(f.c.side, o.c.side)
    signed = case((side == literal_column("'BUY'"), f.c.quantity), else_=-f.c.quantity)
    key = _fill_key().label("instrument_key")
    statement = (
        select(o.c.strategy_id, key, func.sum(signed).label("quantity"))
        .join_from(f, o, o.c.operation_id == f.c.operation_id)
        .group_by(o.c.strategy_id, key)
        .order_by(o.c.strategy_id, key)
    )
    return _sql(statement)


@cache
def stored_fill_keys() -> str:
    """Which of the pairs zip(%(venues)s, %(trades)s) are stored (venue, venue_trade_id)."""
    f = unified_fills
    wanted = (
        func.unnest(bindparam("venues", type_=ARRAY(Text)), bindparam("trades", type_=ARRAY(Text)))
        .table_valued(column("venue", Text), column("venue_trade_id", Text))
        .render_derived(name="k")
    )
    statement = select(f.c.venue, f.c.venue_trade_id).join_from(
        wanted,
        f,
        (f.c.venue == wanted.c.venue) & (f.c.venue_trade_id == wanted.c.venue_trade_id),
    )
    return _sql(statement)


@cache
def list_orders(filters: tuple[str, ...], open_only: bool, limited: bool) -> str:
    """Orders matching the named filters (bound by name), oldest first."""
    t = unified_orders
    statement = select(t)
    for name in filters:
        if name not in _FILTERS:
            raise ValueError(f"cannot filter orders by {name!r}")
        statement = statement.where(t.c[name] == bindparam(name))
    if open_only:
        statement = statement.where(text(OPEN_ORDER))
    statement = statement.order_by(t.c.created_at, t.c.operation_id)
    if limited:
        statement = statement.limit(bindparam("limit", literal_execute=False))
    return _sql(statement)


@cache
def positions(by_key: bool) -> str:
    t = unified_positions
    statement = select(t).order_by(t.c.canonical_id)
    if by_key:
        statement = statement.where(t.c.canonical_id == bindparam("key"))
    return _sql(statement)


COMMIT_PARAMETERS = (
    "new_orders",
    "updated_orders",
    "fills",
    "positions",
    "n_new_orders",
    "n_updated_orders",
    "n_fills",
)


@cache
def commit_batch() -> str:
    """Every write of a batch in ONE statement (so one round trip and, in autocommit, one
    transaction). A conflict (duplicate order or fill, stale version) makes a count fall
    short and the final division by zero aborts the whole statement: nothing is written.
    Native `$n` placeholders in COMMIT_PARAMETERS order: run it on a raw cursor, which
    skips the client-side parsing of this long text on every batch."""
    parts = {
        "new_orders": insert_orders(),
        "updated_orders": update_orders(),
        "fills": insert_fills(),
        "positions": upsert_positions() + " RETURNING 1",
    }
    ctes = ",\n".join(
        f"{name} AS ({sql.replace('%(rows)s', f'%({name})s')})" for name, sql in parts.items()
    )
    complete = " AND ".join(
        f"(SELECT count(*) FROM {name}) = %(n_{name})s" for name in parts if name != "positions"
    )
    named = f"WITH {ctes}\nSELECT 1 / ({complete})::int AS complete"
    for number, name in enumerate(COMMIT_PARAMETERS, start=1):
        named = named.replace(f"%({name})s", f"${number}")
    if "%(" in named:
        raise AssertionError(f"unnumbered parameter left in: {named}")
    return named
