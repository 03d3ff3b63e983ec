"""Start-up reconciliation with the venues and its report."""

from application.reconciliation.report import (
    Findings,
    PositionDifference,
    ReconciliationReport,
    ResolvedOrder,
)
from application.reconciliation.startup import StartupReconciliation

__all__ = [
    "Findings",
    "PositionDifference",
    "ReconciliationReport",
    "ResolvedOrder",
    "StartupReconciliation",
]
