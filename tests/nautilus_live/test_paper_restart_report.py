"""A restarted sandbox (paper) TradingNode: the reconciliation report says its state was lost."""

from __future__ import annotations

from tests.nautilus_live.conftest import StartService
from tests.nautilus_live.paper import VENUE

NOT_PERSISTENT = "paper venue state is not persistent across restarts"


async def test_the_report_says_paper_state_is_not_persistent_and_expires_what_rested(
    paper_service: StartService,
) -> None:
    service = await paper_service()
    await service.replay(20)
    rested = await service.post(
        operation_id="p-rest", order_type="LIMIT", price="5000", quantity="0.01"
    )
    assert rested["status"] == "ACCEPTED", rested
    await service.venue.disconnect()
    await service.venue.connect()  # a new node: its sandbox starts empty

    await service.container.core.reconciliation().run()
    response = await service.client.get("/api/reconciliation/last")

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["not_persistent_venues"] == [VENUE]
    assert report["expired_not_persistent"] == ["p-rest"]
    assert any(note.startswith(f"{VENUE}: {NOT_PERSISTENT}") for note in report["notes"])
    stored = await service.order("p-rest")
    assert stored["status"] == "EXPIRED"
    assert NOT_PERSISTENT in stored["error_message"]
    assert await service.venue.open_orders() == []
