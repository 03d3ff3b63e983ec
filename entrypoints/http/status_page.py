"""GET /status: a page that polls every service's health endpoints and shows what runs."""

from __future__ import annotations

from importlib import resources

from litestar import Response, get


@get("/status", include_in_schema=False, sync_to_thread=False)
def status_page() -> Response[bytes]:
    page = resources.files("entrypoints.http").joinpath("static/status.html").read_bytes()
    return Response(page, media_type="text/html; charset=utf-8")
