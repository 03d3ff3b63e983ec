"""Fixtures of the Deribit adapter tests: the adapter's event stream, read in the background."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.deribit.execution import DeribitExecutionVenue
from tests.adapters.deribit.streams import EventReader


@pytest.fixture
async def deribit_events(deribit_venue: DeribitExecutionVenue) -> AsyncIterator[EventReader]:
    reader = EventReader(deribit_venue.events())
    yield reader
    reader.close()
