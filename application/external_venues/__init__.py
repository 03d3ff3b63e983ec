"""Framework for venues outside NautilusTrader: supervision, reconnects, polling, dedupe."""

from application.external_venues.policy import Backoff, SupervisionPolicy
from application.external_venues.supervised import SupervisedVenue, VenueHealth
from application.external_venues.supervisor import VenueSupervisor

__all__ = ["Backoff", "SupervisedVenue", "SupervisionPolicy", "VenueHealth", "VenueSupervisor"]
