"""Fixtures: the two-day local store shared by the sweep tests of a session."""

from __future__ import annotations

import pytest

from tests.sweeps.sweep_world import make_store


@pytest.fixture(scope="session")
def two_day_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweep-store")
    make_store(root)
    return root
