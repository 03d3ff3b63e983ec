"""Identifier types of the execution domain."""

from typing import NewType

OperationId = NewType("OperationId", str)
ClientOrderId = NewType("ClientOrderId", str)
VenueOrderId = NewType("VenueOrderId", str)
VenueTradeId = NewType("VenueTradeId", str)
VenueId = NewType("VenueId", str)
StrategyId = NewType("StrategyId", str)
FillId = NewType("FillId", str)
SignalId = NewType("SignalId", str)
RunId = NewType("RunId", str)
