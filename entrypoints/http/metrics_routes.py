"""`GET /metrics` (Prometheus text, open like the health endpoints) and the HTTP request meter."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol
from prometheus_client import CONTENT_TYPE_LATEST

from adapters.prometheus.metrics import PrometheusMetrics
from ports.metrics import OrderStage

METRICS_PATH = "/metrics"
ORDER_ROUTE = ("POST", "/api/orders")


class RequestMeter:
    """The edge's HTTP meter: requests by method, route template and status, and their
    latency; `POST /api/orders` is also the order path's end-to-end stage."""

    def __init__(self, metrics: PrometheusMetrics) -> None:
        self._metrics = metrics

    def __call__(self, method: str, route: str, status: int, seconds: float) -> None:
        self._metrics.http_request(method, route, status, seconds)
        if route == ORDER_ROUTE[1] and method == ORDER_ROUTE[0]:
            self._metrics.order_stage(OrderStage.END_TO_END, seconds)


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
    """Adds `/metrics` to an app: `plugins=[MetricsPlugin(metrics)]` (the edge meters the
    requests: `RequestMeter`); and leaves logging to the process (Litestar's default config
    would replace the root handler of the structured logs configured at start-up)."""

    def __init__(self, metrics: PrometheusMetrics) -> None:
        self._metrics = metrics

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.route_handlers.append(metrics_handler(self._metrics))
        app_config.logging_config = None
        return app_config
