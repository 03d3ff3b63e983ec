"""Deribit's HTTP API via httpx: JSON-RPC in a POST body (never parameters in a URL, which
HTTP clients and proxies log: `public/auth` carries the client secret)."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from adapters.deribit.codec import decode, encode
from adapters.deribit.errors import ConnectionLost, DeribitApiError


class DeribitHttp:
    """A lazily created httpx client; the bearer token is passed per call."""

    def __init__(self, base_url: str, *, timeout_s: float) -> None:
        self._base_url, self._timeout = base_url.rstrip("/"), timeout_s
        self._client: httpx.AsyncClient | None = None
        self._ids = itertools.count(1)

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, access_token: str | None = None
    ) -> Any:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        headers = {"Content-Type": "application/json"}
        if access_token:
            headers["Authorization"] = f"Bearer {access_token}"
        message = {"jsonrpc": "2.0", "id": next(self._ids), "method": method}
        message["params"] = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            response = await self._client.post(
                f"{self._base_url}/{method}", content=encode(message), headers=headers
            )
        except httpx.HTTPError as failure:
            raise ConnectionLost(f"HTTP {method}: {type(failure).__name__}") from None
        try:
            body = decode(response.content)
        except ValueError:
            raise ConnectionLost(f"HTTP {method}: status {response.status_code}") from None
        if not isinstance(body, dict):
            raise ConnectionLost(f"HTTP {method}: status {response.status_code}")
        if "error" in body:
            raise DeribitApiError.from_json(body["error"])
        return body.get("result")

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
