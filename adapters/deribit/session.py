"""One Deribit session: authenticated WebSocket, HTTP fallback for queries, credits, retries,
and a token renewed at once when Deribit refuses it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from adapters.deribit.auth import ApiCredentials, TokenKeeper
from adapters.deribit.config import DeribitConfig
from adapters.deribit.credits import CreditLimiter
from adapters.deribit.errors import (
    DEFINITE_REFUSALS,
    TOO_MANY_REQUESTS,
    ConnectionLost,
    DeribitApiError,
    NotConnected,
    lost_error,
    reason_for,
    to_venue_error,
)
from adapters.deribit.http import DeribitHttp
from adapters.deribit.rpc import DeribitWebSocket, OnNotification, finished
from domain.errors import VenueError
from ports.clock import Clock

log = logging.getLogger(__name__)


class DeribitSession:
    """`call` sends over the WebSocket, or for a `query` over HTTP when the socket is down,
    retrying temporary errors; failures come out as `VenueError`. `call_once` sends once and
    lets Deribit's answer through raw (for orders, whose retries must ask first). Both renew
    a refused token and send once more. `on_lost` runs when the socket drops unasked. One
    WebSocket at a time: opening again closes the previous one."""

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
        self._auth_lock = asyncio.Lock()
        # Why the session cannot trade although the socket may be open (login refused).
        self.auth_error: str | None = None
        self.renewals = 0
        self.sessions_opened = 0

    @property
    def connected(self) -> bool:
        return self._ws is not None and self._ws.is_open and self.auth_error is None

    @property
    def test_requests_answered(self) -> int:
        return self._ws.test_requests_answered if self._ws else 0

    async def open(self) -> None:
        if self._ws is not None:
            await self.close()  # never two sessions (and two streams) for one account
        config = self._config
        keeper = TokenKeeper(self._credentials(), self._clock, config.token_refresh_fraction)
        ws = DeribitWebSocket(
            config.ws_url,
            on_notification=self._on_notification,
            on_close=self._closed,
            request_timeout_s=config.request_timeout_s,
            silence_limit_s=config.heartbeat_interval_s * config.stale_after_heartbeats,
        )
        self._closing = False
        try:
            await ws.open(config.connect_timeout_s)
            self._ws = ws
            try:
                await keeper.login(ws.call)
            except DeribitApiError as refused:
                self.auth_error = f"Deribit login refused: {reason_for(refused)}"
                await self.close()
                raise VenueError(
                    config.venue_id,
                    str(refused.code),
                    self.auth_error,
                    retryable=refused.code not in DEFINITE_REFUSALS,
                ) from None
            self.ws_auth, self.auth_error = keeper, None
            self.sessions_opened += 1
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
            await finished(self._refresher)
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
            try:
                return await self.call_once(method, params, query=query)
            except DeribitApiError as error:
                if not error.retryable or attempt == attempts:
                    raise to_venue_error(venue, error) from None
                log.info("Deribit %s: retryable error %s (attempt %d)", method, error.code, attempt)
                await self.pause(attempt)
            except NotConnected as down:
                raise lost_error(venue, method, query=query, sent=False, cause=str(down)) from None
            except ConnectionLost:
                raise lost_error(venue, method, query=query) from None
        raise AssertionError("unreachable")

    async def call_once(
        self, method: str, params: dict[str, Any] | None = None, *, query: bool = False
    ) -> Any:
        """One request (credits taken). Raises `DeribitApiError`, `ConnectionLost` (the
        request may have been processed) or `NotConnected` (nothing was sent)."""
        await self.limiter.acquire(method)
        try:
            return await self._send(method, params or {}, query)
        except DeribitApiError as error:
            if error.code == TOO_MANY_REQUESTS:
                self.limiter.back_off(method)
            raise

    async def pause(self, attempt: int) -> None:
        """The back-off before attempt `attempt + 1`."""
        await self._clock.sleep(self._config.retry_delay_s * 2 ** (attempt - 1))

    async def _send(self, method: str, params: dict[str, Any], query: bool) -> Any:
        ws = self._ws
        if ws is not None and ws.is_open:
            try:
                return await self._ws_call(ws, method, params)
            except ConnectionLost:
                if not query:
                    raise
        if not query:
            raise NotConnected(self.auth_error or "WebSocket is down")
        return await self._http_call(method, params)

    async def _ws_call(self, ws: DeribitWebSocket, method: str, params: dict[str, Any]) -> Any:
        keeper = self.ws_auth
        generation = keeper.generation if keeper else 0
        try:
            return await ws.call(method, _with_token(keeper, method, params))
        except DeribitApiError as error:
            if keeper is None or not error.needs_login or not method.startswith("private/"):
                raise
            log.info("Deribit %s: token refused (%s); logging in again", method, error.code)
        # Nothing was done under a refused token: renew it and send once more.
        await self._renew(keeper, ws, generation)
        return await ws.call(method, _with_token(keeper, method, params))

    async def _renew(self, keeper: TokenKeeper, ws: DeribitWebSocket, generation: int) -> None:
        async with self._auth_lock:
            if keeper.generation != generation and keeper.valid():
                return  # renewed meanwhile by a concurrent call or the refresher
            try:
                await keeper.renew(ws.call)
            except DeribitApiError as refused:
                self.auth_error = f"Deribit login refused: {reason_for(refused)}"
                log.warning("%s", self.auth_error)
                raise NotConnected(self.auth_error) from None
            self.auth_error = None
            self.renewals += 1

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
                await keeper.renew(self._http.call)
            assert keeper.token is not None
            try:
                return await self._http.call(method, params, access_token=keeper.token.access_token)
            except DeribitApiError as error:
                if not error.needs_login or fresh_login:
                    raise
        raise AssertionError("unreachable")

    async def _refresh_loop(self, keeper: TokenKeeper, ws: DeribitWebSocket) -> None:
        """Renew the token once `token_refresh_fraction` of its lifetime has passed."""
        while ws.is_open:
            await self._clock.sleep(max(keeper.seconds_until_refresh(), 0.001))
            try:
                await self._renew(keeper, ws, keeper.generation)
                continue
            except NotConnected:
                pass  # login refused: not connected until the supervisor reconnects
            except ConnectionLost:
                return
            await self._clock.sleep(1.0)  # neither worked: do not spin

    def _closed(self) -> None:
        if not self._closing:
            self._on_lost()


def _with_token(keeper: TokenKeeper | None, method: str, params: dict[str, Any]) -> dict[str, Any]:
    """A private request with its `access_token` parameter: Deribit's docs say that over the
    WebSocket "the token must be included as a parameter access_token in the message" (a
    logged-in connection usually suffices, but not by the letter of the docs)."""
    if keeper is None or keeper.token is None or not method.startswith("private/"):
        return params
    return {**params, "access_token": keeper.token.access_token}
