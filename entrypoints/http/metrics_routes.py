"""`GET /metrics` (Prometheus text, open like the health endpoints) and the HTTP request meter."""

from __future__ import annotations

import time
from typing import Any

from litestar import Response, get
from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST
from structlog.contextvars import unbind_contextvars

from adapters.prometheus.metrics import PrometheusMetrics
from ports.metrics import OrderStage

METRICS_PATH = "/metrics"
ORDER_ROUTE = ("POST", "/api/orders")
REQUEST_CONTEXT = ("operation_id", "client_order_id", "venue")


def http_meter(metrics: PrometheusMetrics) -> Any:
    """Route middleware: requests by method, route template and status, and their latency;
    `POST /api/orders` is also the order path's end-to-end stage."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def metered(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            # Nothing bound by an earlier request on this task; the service's run_id stays.
            unbind_contextvars(*REQUEST_CONTEXT)
            status = 500
            started = time.perf_counter()

            async def capture(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await app(scope, receive, capture)
            except Exception as error:
                status = getattr(error, "status_code", 500)
                raise
            finally:
                seconds = time.perf_counter() - started
                method, route = scope["method"], scope.get("path_template") or "unmatched"
                metrics.http_request(method, route, status, seconds)
                if (method, route) == ORDER_ROUTE:
                    metrics.order_stage(OrderStage.END_TO_END, seconds)

        return metered

    return middleware


def metrics_handler(metrics: PrometheusMetrics) -> Any:
    # Litestar appends the charset to text/* itself.
    media_type = CONTENT_TYPE_LATEST.replace("; charset=utf-8", "")

    @get(METRICS_PATH, media_type=media_type, sync_to_thread=False, tags=["monitoring"])
    def scrape() -> Response[bytes]:
        """Prometheus metrics of this service (text exposition format)."""
        body, _ = metrics.exposition()
        return Response(body, media_type=media_type)

    return scrape


class MetricsPlugin(InitPluginProtocol):
    """Adds `/metrics` and the HTTP meter to an app: `plugins=[MetricsPlugin(metrics)]`; and
    leaves logging to the process (Litestar's default config would replace the root
    handler of the structured logs configured at start-up)."""

    def __init__(self, metrics: PrometheusMetrics) -> None:
        self._metrics = metrics

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.route_handlers.append(metrics_handler(self._metrics))
        app_config.middleware.append(http_meter(self._metrics))
        app_config.logging_config = None
        return app_config
