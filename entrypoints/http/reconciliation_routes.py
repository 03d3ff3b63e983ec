"""GET /api/reconciliation/last: the report of the startup reconciliation."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.di import NamedDependency

from adapters.serialization.converter import make_converter
from application.reconciliation.startup import StartupReconciliation

_converter = make_converter()


class ReconciliationController(Controller):
    path = "/api/reconciliation"

    @get("/last", sync_to_thread=False)
    def last(
        self, reconciliation: NamedDependency[StartupReconciliation]
    ) -> Response[dict[str, Any]]:
        report = reconciliation.last
        if report is None:
            return Response({"error": "no reconciliation has run yet"}, status_code=404)
        body: dict[str, Any] = _converter.unstructure(report)
        body["counts"] = report.counts
        body["clean"] = report.clean
        return Response(body, status_code=200)
