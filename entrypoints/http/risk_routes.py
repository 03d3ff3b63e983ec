"""Risk routes of the live API: trading state (kill switch) and limits, changed at runtime."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, put
from litestar.di import NamedDependency
from litestar.params import JSONBody

from adapters.auth.keys import Role
from application.risk.engine import PreTradeRiskEngine
from entrypoints.http.access import ROLE
from entrypoints.http.bodies import StrictBody
from entrypoints.http.edge_middleware import audit_detail
from entrypoints.http.responses import Unprocessable
from entrypoints.http.risk_bodies import (
    LimitsBody,
    LimitsOut,
    LimitsPatch,
    RiskStateOut,
    TradingStateBody,
    apply,
    changes,
    describe,
    limits_out,
)

OPERATOR = {ROLE: Role.OPERATOR}


class RiskController(Controller):
    """Reads for viewers; every change needs the operator role and is audited."""

    path = "/api/risk"

    @get("/state", sync_to_thread=False)
    def state(self, risk: NamedDependency[PreTradeRiskEngine]) -> RiskStateOut:
        return _risk_state(risk)  # type: ignore[return-value]

    @put(
        "/state",
        sync_to_thread=False,
        dto=StrictBody[TradingStateBody],
        return_dto=None,
        opt=OPERATOR,
    )
    def set_state(
        self,
        data: JSONBody[TradingStateBody],
        request: Request[Any, Any, Any],
        risk: NamedDependency[PreTradeRiskEngine],
    ) -> RiskStateOut:
        audit_detail(
            request.scope, f"trading_state {risk.trading_state.value} -> {data.trading_state.value}"
        )
        risk.set_trading_state(data.trading_state)
        return _risk_state(risk)  # type: ignore[return-value]

    @get("/limits", sync_to_thread=False)
    def limits(self, risk: NamedDependency[PreTradeRiskEngine]) -> LimitsOut:
        return limits_out(risk.limits)  # type: ignore[return-value]

    @put(
        "/limits",
        sync_to_thread=False,
        dto=StrictBody[LimitsBody],
        return_dto=None,
        opt=OPERATOR,
        raises=[Unprocessable],
    )
    def replace_limits(
        self,
        data: JSONBody[LimitsBody],
        request: Request[Any, Any, Any],
        risk: NamedDependency[PreTradeRiskEngine],
    ) -> LimitsOut:
        """Every limit given; null switches a check off."""
        return _change(request, risk, changes(data))

    @patch(
        "/limits",
        sync_to_thread=False,
        dto=StrictBody[LimitsPatch],
        return_dto=None,
        opt=OPERATOR,
        raises=[Unprocessable],
    )
    def patch_limits(
        self,
        data: JSONBody[LimitsPatch],
        request: Request[Any, Any, Any],
        risk: NamedDependency[PreTradeRiskEngine],
    ) -> LimitsOut:
        """Only the limits given change; null switches that one off."""
        return _change(request, risk, changes(data))


def _change(
    request: Request[Any, Any, Any], risk: PreTradeRiskEngine, changed: dict[str, Any]
) -> Any:
    before = risk.limits
    limits = apply(before, changed)
    risk.reload(limits)
    audit_detail(request.scope, describe(changed, before))
    return limits_out(limits)


def _risk_state(risk: PreTradeRiskEngine) -> dict[str, Any]:
    view = risk.view()
    return {
        "trading_state": view.trading_state.value,
        "orders_last_second": view.orders_last_second,
        "orders_last_minute": view.orders_last_minute,
    }
