"""The live trading run: its recorder of orders, fills, positions and equity."""

from application.live.run_records import LiveRunRecorder

__all__ = [
    "LiveRunRecorder",
]
