"""Bybit's execution client: gap fills applied whole; or orders over REST, refusals coded."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from nautilus_trader.adapters.bybit import BybitLiveExecClientFactory

from adapters.nautilus.live.reports import make_reports_whole

# How NautilusTrader 1.231's Rust REST client words a non-zero `retCode`.
_BYBIT_ERROR = re.compile(r"^Bybit error (?P<code>-?\d+): (?P<msg>.*)$", re.DOTALL)
# Answers after which the order may still have been placed (Bybit: server timeout, server
# error): left to reconciliation, as NautilusTrader leaves every REST refusal.
AMBIGUOUS_CODES = frozenset({10000, 10016})


def coded_refusal(error: str) -> str | None:
    """`110007: ab not enough for new order` from Bybit's error answer, when it is one and
    the order was surely not placed; None otherwise."""
    matched = _BYBIT_ERROR.match(error)
    if matched is None or int(matched["code"]) in AMBIGUOUS_CODES:
        return None
    return f"{matched['code']}: {matched['msg']}"


class _CodedRefusals:
    """The client's REST client, whose submit refused by Bybit raises `Order rejected:
    <retCode>: <retMsg>`: the words NautilusTrader takes for a confirmed rejection."""

    def __init__(self, http: Any) -> None:
        self._http = http

    def __getattr__(self, name: str) -> Any:
        return getattr(self._http, name)

    async def submit_order(self, **params: Any) -> Any:
        try:
            return await self._http.submit_order(**params)
        except Exception as error:
            refusal = coded_refusal(str(error))
            if refusal is None:
                raise
            raise ValueError(f"Order rejected: {refusal}") from error


class BybitExecClientFactory(BybitLiveExecClientFactory):
    """NautilusTrader's own Bybit execution client, its fill reports made whole: handed
    over oldest first, orders Bybit filled before we heard them accepted named by their
    Bybit order id (`adapters.nautilus.live.reports`)."""

    over_rest = False

    @classmethod
    def create(  # type: ignore[override]
        cls,
        loop: asyncio.AbstractEventLoop,
        name: str,
        config: Any,
        msgbus: Any,
        cache: Any,
        clock: Any,
    ) -> Any:
        client = BybitLiveExecClientFactory.create(loop, name, config, msgbus, cache, clock)
        make_reports_whole(client, cache)
        if cls.over_rest:
            client._is_demo = True  # orders, cancels and amends over REST
            client._http_client = _CodedRefusals(client._http_client)
        return client


class BybitRestExecClientFactory(BybitExecClientFactory):
    """The same client sending orders over REST, so that a refusal carries Bybit's code.

    Over the trade stream NautilusTrader 1.231 rejects with Bybit's `retMsg` alone, while
    its REST client keeps the `retCode` ("Bybit error 110007: ..."); the client's REST path
    (its demo mode's: submit, cancel, amend) is taken and a definite refusal becomes the
    rejection `110007: ab not enough for new order`. Cancels refused over REST carry the
    code as they are. The price: NautilusTrader's REST client paces order requests (about
    100 ms apart, and it queries each order it creates).
    """

    over_rest = True
