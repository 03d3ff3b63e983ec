"""Starting balances of the configured venues, as the balance port serves them."""

from __future__ import annotations

from adapters.memory.balances import InMemoryBalances
from application.settings.schema import Settings


def starting_balances(settings: Settings) -> InMemoryBalances:
    balances = InMemoryBalances()
    for venue in settings.venues:
        for currency, amount in venue.starting_balances.items():
            balances.set(venue.venue_id, currency, amount)
    return balances
