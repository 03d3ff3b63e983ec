"""Fixtures shared with the sandbox TradingNode tests."""

from tests.nautilus_live.conftest import paper_service  # noqa: F401
