"""Execution: the submit and cancel handlers, the dispatcher, retries and the venue registry."""

from application.execution.cancel_order import CancelOrder, NotCancelable, OrderNotFound
from application.execution.dispatcher import OrderDispatcher
from application.execution.orchestrator import (
    AlgorithmStarter,
    ExecutionOrchestrator,
    OutcomeNotRecorded,
)
from application.execution.retry import RetryPolicy
from application.execution.submission import VenueSubmission
from application.execution.venue_registry import UnknownVenue, VenueRegistry

__all__ = [
    "AlgorithmStarter",
    "CancelOrder",
    "ExecutionOrchestrator",
    "NotCancelable",
    "OrderDispatcher",
    "OrderNotFound",
    "OutcomeNotRecorded",
    "RetryPolicy",
    "UnknownVenue",
    "VenueRegistry",
    "VenueSubmission",
]
