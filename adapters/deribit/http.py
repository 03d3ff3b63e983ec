"""Deribit's HTTP API via httpx: `GET /api/v2/{method}?params`, for queries and polling."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.deribit.codec import decode
from adapters.deribit.errors import ConnectionLost, DeribitApiError


class DeribitHttp:
    """A lazily created httpx client; the bearer token is passed per call."""

    def __init__(self, base_url: str, *, timeout_s: float) -> None:
        self._base_url, self._timeout = base_url.rstrip("/"), timeout_s
        self._client: httpx.AsyncClient | None = None

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, access_token: str | None = None
    ) -> Any:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        headers = {"Authorization": f"Bearer {access_token}"} if access_token else {}
        try:
            response = await self._client.get(
                f"{self._base_url}/{method}", params=_query(params or {}), headers=headers
            )
        except httpx.HTTPError as failure:
            raise ConnectionLost(f"HTTP {method}: {type(failure).__name__}") from None
        try:
            body = decode(response.content)
        except ValueError:
            raise ConnectionLost(f"HTTP {method}: status {response.status_code}") from None
        if "error" in body:
            raise DeribitApiError.from_json(body["error"])
        return body.get("result")

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _query(params: dict[str, Any]) -> dict[str, str]:
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for key, value in params.items()
        if value is not None
    }
