"""Unit of work port: one atomic commit over orders, fills and positions."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from ports.fill_repository import FillRepository
from ports.order_repository import OrderRepository
from ports.position_repository import PositionRepository


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; `commit()` makes it durable, exit rolls back."""

    orders: OrderRepository
    fills: FillRepository
    positions: PositionRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
