"""Pre-trade risk: the engine, its exposure book and order velocity."""

from application.risk.engine import PreTradeRiskEngine, RiskStateView
from application.risk.exposure import ExposureBook
from application.risk.velocity import SlidingWindowCounter, VelocityTracker

__all__ = [
    "ExposureBook",
    "PreTradeRiskEngine",
    "RiskStateView",
    "SlidingWindowCounter",
    "VelocityTracker",
]
