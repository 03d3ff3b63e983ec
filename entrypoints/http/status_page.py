"""GET /status: the web app's status page when it is built, else a small self-contained page."""

from __future__ import annotations

from importlib import resources

from litestar import Response, get

from entrypoints.http.ui_routes import built_index


@get("/status", include_in_schema=False, sync_to_thread=False)
def status_page() -> Response[bytes]:
    index = built_index()
    if index is not None:
        return Response(index.read_bytes(), media_type="text/html; charset=utf-8")
    page = resources.files("entrypoints.http").joinpath("static/status.html").read_bytes()
    return Response(page, media_type="text/html; charset=utf-8")
