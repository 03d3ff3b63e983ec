"""Deribit authentication: `public/auth` with client credentials, renewed with the refresh
token before expiry and at once when Deribit says the token is no longer good."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs

from adapters.deribit.config import DeribitConfig
from adapters.deribit.errors import DeribitApiError
from domain.errors import VenueError
from ports.clock import Clock

NS = 1_000_000_000
RpcCall = Callable[[str, dict[str, Any]], Awaitable[Any]]


@attrs.frozen(kw_only=True)
class ApiCredentials:
    """Client id and secret, read from the environment at connect time; never printed."""

    client_id: str
    client_secret: str = attrs.field(repr=False)

    @classmethod
    def from_env(cls, config: DeribitConfig, environ: Mapping[str, str]) -> ApiCredentials:
        missing = [
            name
            for name in (config.client_id_env, config.client_secret_env)
            if not environ.get(name)
        ]
        if missing:
            raise VenueError(
                config.venue_id,
                "CREDENTIALS",
                f"environment variable(s) {', '.join(missing)} not set",
                retryable=False,
            )
        return cls(
            client_id=environ[config.client_id_env],
            client_secret=environ[config.client_secret_env],
        )


@attrs.frozen(kw_only=True)
class AccessToken:
    """An OAuth token pair with its lifetime on our clock."""

    access_token: str = attrs.field(repr=False)
    refresh_token: str = attrs.field(repr=False)
    issued_ns: int
    expires_ns: int

    def refresh_due_ns(self, fraction: float) -> int:
        return self.issued_ns + int((self.expires_ns - self.issued_ns) * fraction)


class TokenKeeper:
    """Holds one session's token: logs in, and refreshes with the refresh token once
    `refresh_fraction` of its lifetime has passed."""

    def __init__(self, credentials: ApiCredentials, clock: Clock, refresh_fraction: float) -> None:
        self._credentials, self._clock, self._fraction = credentials, clock, refresh_fraction
        self.token: AccessToken | None = None
        self.refreshes = 0
        self.generation = 0  # bumped by every new token, so concurrent renewals run once

    async def login(self, call: RpcCall) -> AccessToken:
        params = {
            "grant_type": "client_credentials",
            "client_id": self._credentials.client_id,
            "client_secret": self._credentials.client_secret,
        }
        return self._keep(await call("public/auth", params))

    async def refresh(self, call: RpcCall) -> AccessToken:
        if self.token is None:
            return await self.login(call)
        params = {"grant_type": "refresh_token", "refresh_token": self.token.refresh_token}
        token = self._keep(await call("public/auth", params))
        self.refreshes += 1
        return token

    async def renew(self, call: RpcCall) -> AccessToken:
        """A new token: the refresh_token grant, else client credentials."""
        if self.token is not None:
            try:
                return await self.refresh(call)
            except DeribitApiError:
                pass  # the refresh token is gone too (a venue restart): log in again
        return await self.login(call)

    def seconds_until_refresh(self) -> float:
        if self.token is None:
            return 0.0
        due = self.token.refresh_due_ns(self._fraction)
        return max(0.0, (due - self._clock.now_ns()) / NS)

    def valid(self) -> bool:
        return self.token is not None and self._clock.now_ns() < self.token.expires_ns

    def _keep(self, result: dict[str, Any]) -> AccessToken:
        now = self._clock.now_ns()
        self.token = AccessToken(
            access_token=str(result["access_token"]),
            refresh_token=str(result["refresh_token"]),
            issued_ns=now,
            expires_ns=now + int(float(result["expires_in"]) * NS),
        )
        self.generation += 1
        return self.token
