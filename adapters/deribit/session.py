"""One Deribit session: authenticated WebSocket, HTTP fallback for queries, credits, retries."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from adapters.deribit.auth import ApiCredentials, TokenKeeper
from adapters.deribit.config import DeribitConfig
from adapters.deribit.credits import CreditLimiter
from adapters.deribit.errors import (
    TOO_MANY_REQUESTS,
    UNAUTHORIZED,
    ConnectionLost,
    DeribitApiError,
    NotConnected,
    lost_error,
    to_venue_error,
)
from adapters.deribit.http import DeribitHttp
from adapters.deribit.rpc import DeribitWebSocket, OnNotification
from ports.clock import Clock

log = logging.getLogger(__name__)


class DeribitSession:
    """`call` sends over the WebSocket, or for a `query` over HTTP when the socket is down.
    Failures come out as `VenueError`; `on_lost` runs when the socket drops unasked."""

    def __init__(
        self,
        config: DeribitConfig,
        clock: Clock,
        *,
        credentials: Callable[[], ApiCredentials],
        on_notification: OnNotification,
        on_lost: Callable[[], None],
    ) -> None:
        self._config, self._clock, self._credentials = config, clock, credentials
        self._on_notification, self._on_lost = on_notification, on_lost
        self.limiter = CreditLimiter(config.credits, clock)
        self._http = DeribitHttp(config.http_url, timeout_s=config.request_timeout_s)
        self._http_auth: TokenKeeper | None = None
        self._ws: DeribitWebSocket | None = None
        self.ws_auth: TokenKeeper | None = None
        self._refresher: asyncio.Task[None] | None = None
        self._closing = False

    @property
    def connected(self) -> bool:
        return self._ws is not None and self._ws.is_open

    @property
    def test_requests_answered(self) -> int:
        return self._ws.test_requests_answered if self._ws else 0

    async def open(self) -> None:
        config = self._config
        keeper = TokenKeeper(self._credentials(), self._clock, config.token_refresh_fraction)
        ws = DeribitWebSocket(
            config.ws_url,
            on_notification=self._on_notification,
            on_close=self._closed,
            request_timeout_s=config.request_timeout_s,
        )
        self._closing = False
        try:
            await ws.open(config.connect_timeout_s)
            self._ws = ws
            await keeper.login(ws.call)
            self.ws_auth = keeper
            await self.call("public/set_heartbeat", {"interval": config.heartbeat_interval_s})
            if config.cancel_on_disconnect:
                await self.call("private/enable_cancel_on_disconnect", {"scope": "connection"})
        except ConnectionLost as lost:
            await self.close()
            raise lost_error(config.venue_id, "connect", query=True) from lost
        except DeribitApiError as error:
            await self.close()
            raise to_venue_error(config.venue_id, error) from None
        except BaseException:
            await self.close()
            raise
        self._refresher = asyncio.create_task(self._refresh_loop(keeper, ws))

    async def close(self) -> None:
        """Close the socket on purpose (no `on_lost`)."""
        self._closing = True
        if self._refresher is not None:
            self._refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresher
            self._refresher = None
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def shutdown(self) -> None:
        await self.close()
        await self._http.close()

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, query: bool = False
    ) -> Any:
        venue, attempts = self._config.venue_id, self._config.max_attempts
        for attempt in range(1, attempts + 1):
            await self.limiter.acquire(method)
            try:
                return await self._send(method, params or {}, query)
            except DeribitApiError as error:
                if error.code == TOO_MANY_REQUESTS:
                    self.limiter.back_off(method)
                if not error.retryable or attempt == attempts:
                    raise to_venue_error(venue, error) from None
                log.info("Deribit %s: retryable error %s (attempt %d)", method, error.code, attempt)
                await self._clock.sleep(self._config.retry_delay_s * 2 ** (attempt - 1))
            except NotConnected:
                raise lost_error(venue, method, query=query, sent=False) from None
            except ConnectionLost:
                raise lost_error(venue, method, query=query) from None
        raise AssertionError("unreachable")

    async def _send(self, method: str, params: dict[str, Any], query: bool) -> Any:
        if self._ws is not None and self._ws.is_open:
            try:
                return await self._ws.call(method, params)
            except ConnectionLost:
                if not query:
                    raise
        if not query:
            raise NotConnected("WebSocket is down")
        return await self._http_call(method, params)

    async def _http_call(self, method: str, params: dict[str, Any]) -> Any:
        if not method.startswith("private/"):
            return await self._http.call(method, params)
        if self._http_auth is None:
            self._http_auth = TokenKeeper(
                self._credentials(), self._clock, self._config.token_refresh_fraction
            )
        keeper = self._http_auth
        for fresh_login in (False, True):
            if fresh_login or not keeper.valid():
                await keeper.login(self._http.call)
            assert keeper.token is not None
            try:
                return await self._http.call(method, params, access_token=keeper.token.access_token)
            except DeribitApiError as error:
                if error.code != UNAUTHORIZED or fresh_login:
                    raise
        raise AssertionError("unreachable")

    async def _refresh_loop(self, keeper: TokenKeeper, ws: DeribitWebSocket) -> None:
        while ws.is_open:
            await self._clock.sleep(max(keeper.seconds_until_refresh(), 0.001))
            try:
                await keeper.refresh(ws.call)
                continue
            except DeribitApiError:
                log.warning("Deribit token refresh refused; logging in again")
                with contextlib.suppress(DeribitApiError, ConnectionLost):
                    await keeper.login(ws.call)
                    continue
            except ConnectionLost:
                return
            await self._clock.sleep(1.0)  # neither worked: do not spin

    def _closed(self) -> None:
        if not self._closing:
            self._on_lost()
