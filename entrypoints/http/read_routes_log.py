"""The tail of the service's execution log: a bounded ring of formatted log records."""

from __future__ import annotations

import logging
import threading
from collections import deque

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LogTailHandler(logging.Handler):
    """Keeps the newest `capacity` formatted records; counts what fell off the ring."""

    def __init__(self, capacity: int = 2_000, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.setFormatter(logging.Formatter(FORMAT))
        self._lines: deque[str] = deque(maxlen=capacity)
        self._seen = 0
        self._ring_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a record that cannot format must not break the caller
            return
        with self._ring_lock:
            self._lines.append(line)
            self._seen += 1

    def tail(self, lines: int) -> tuple[list[str], int]:
        """The newest `lines` lines (oldest first) and how many older ones are not shown."""
        with self._ring_lock:
            kept = list(self._lines)[-lines:] if lines else []
            return kept, self._seen - len(kept)


# The project's own packages: handlers on these survive the app's root-logger configuration.
PACKAGES = ("application", "adapters", "bootstrap", "domain", "entrypoints")


def installed_tail(names: tuple[str, ...] = PACKAGES) -> LogTailHandler:
    """One tail handler on the project's package loggers, installed once per process."""
    existing = [
        handler
        for handler in logging.getLogger(names[0]).handlers
        if isinstance(handler, LogTailHandler)
    ]
    handler = existing[0] if existing else LogTailHandler()
    for name in names:
        logger = logging.getLogger(name)
        if handler not in logger.handlers:
            logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
    return handler
