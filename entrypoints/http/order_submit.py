"""Submitting one `Order` body: what `POST /api/orders` answers, whichever path decoded it."""

from __future__ import annotations

from typing import Any

from application.execution.orchestrator import ExecutionOrchestrator, OutcomeNotRecorded
from entrypoints.http.messages import result_json
from entrypoints.http.order_bodies import OrderBody


async def submitted(
    orchestrator: ExecutionOrchestrator, body: OrderBody
) -> tuple[int, dict[str, Any]]:
    """The status code and the `ExecutionResult` as JSON fields: 202 when the venue was called
    but the store does not hold the outcome yet (the message says so)."""
    try:
        return 200, result_json(await orchestrator.execute(body.to_request()))
    except OutcomeNotRecorded as unrecorded:
        result = result_json(unrecorded.result)
        result["error_message"] = str(unrecorded)
        return 202, result
