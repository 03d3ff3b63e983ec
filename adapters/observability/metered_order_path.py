"""Metered risk engine and router: time of each check and route, rejections, log context."""

from __future__ import annotations

import time
from typing import Any

from structlog.contextvars import bind_contextvars, unbind_contextvars

from application.risk.engine import PreTradeRiskEngine
from application.routing.decisions import RoutingDecision
from application.routing.smart_order_router import SmartOrderRouter
from domain.order_request import OrderRequest
from domain.risk_limits import RiskRejected
from ports.metrics import Metrics, OrderStage


class MeteredRiskEngine:
    """`check` timed and its rejections counted; everything else is the engine's own."""

    def __init__(self, inner: PreTradeRiskEngine, metrics: Metrics) -> None:
        self._inner, self._metrics = inner, metrics

    def check(self, request: OrderRequest) -> int:
        # The first step of every new operation: what is logged from here on names it.
        unbind_contextvars("client_order_id", "venue")
        bind_contextvars(operation_id=request.operation_id)
        started = time.perf_counter()
        try:
            return self._inner.check(request)
        except RiskRejected as rejected:
            self._metrics.risk_rejected(rejected.code.value)
            raise
        finally:
            self._metrics.order_stage(OrderStage.RISK, time.perf_counter() - started)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class MeteredRouter:
    """`route` timed, whether it finds a venue or raises `NoRoute`."""

    def __init__(self, inner: SmartOrderRouter, metrics: Metrics) -> None:
        self._inner, self._metrics = inner, metrics

    def route(self, request: OrderRequest, **options: Any) -> RoutingDecision:
        started = time.perf_counter()
        try:
            return self._inner.route(request, **options)
        finally:
            self._metrics.order_stage(OrderStage.ROUTE, time.perf_counter() - started)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
