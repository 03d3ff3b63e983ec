"""The execution log of one run: the log records its thread emits while the run lasts."""

from __future__ import annotations

import io
import logging
import threading
from types import TracebackType
from typing import ClassVar

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _Warnings(logging.Handler):
    """Keeps the message of every WARNING record it is given (errors are reported apart)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.messages.append(record.getMessage())


class RunLog:
    """Context manager collecting the records logged on the current thread (any logger);
    `warnings` holds the messages of its warnings, for a person's summary.

    While at least one run is being logged the root logger lets INFO through; the level it
    had is restored when the last one ends (runs may overlap on worker threads).
    """

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _active: ClassVar[int] = 0
    _saved_level: ClassVar[int] = logging.WARNING

    def __init__(self, level: int = logging.INFO) -> None:
        self._buffer = io.StringIO()
        self._handler = logging.StreamHandler(self._buffer)
        self._handler.setLevel(level)
        self._handler.setFormatter(logging.Formatter(_FORMAT))
        thread = threading.get_ident()
        self._handler.addFilter(lambda record: record.thread == thread)
        self._warnings = _Warnings()
        self._warnings.addFilter(lambda record: record.thread == thread)
        self._level = level

    def __enter__(self) -> RunLog:
        root = logging.getLogger()
        with RunLog._lock:
            if RunLog._active == 0:
                RunLog._saved_level = root.level
            RunLog._active += 1
            if root.getEffectiveLevel() > self._level:
                root.setLevel(self._level)
            root.addHandler(self._handler)
            root.addHandler(self._warnings)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        root = logging.getLogger()
        with RunLog._lock:
            root.removeHandler(self._handler)
            root.removeHandler(self._warnings)
            RunLog._active -= 1
            if RunLog._active == 0:
                root.setLevel(RunLog._saved_level)

    @property
    def text(self) -> str:
        self._handler.flush()
        return self._buffer.getvalue()

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self._warnings.messages)
