"""GET /status: the web app's status page when it is built, else a small self-contained page."""

from __future__ import annotations

from importlib import resources

from litestar import Response, get
from litestar.config.cors import CORSConfig

from entrypoints.http.ui_routes import built_index


@get("/status", include_in_schema=False, sync_to_thread=False)
def status_page() -> Response[bytes]:
    index = built_index()
    if index is not None:
        return Response(index.read_bytes(), media_type="text/html; charset=utf-8")
    page = resources.files("entrypoints.http").joinpath("static/status.html").read_bytes()
    return Response(page, media_type="text/html; charset=utf-8")


# The page on one service reads the other service's health: allow cross-origin GETs only.
HEALTH_CORS = CORSConfig(allow_origins=["*"], allow_methods=["GET"])
