"""Keeps the service's event loop as it was around a TradingNode that borrows it."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGABRT)
_OWN_DIR = str(Path(__file__).parent)


class LoopGuard:
    """NautilusTrader's kernel, given a running loop, takes its SIGINT/SIGTERM/SIGABRT
    handlers (the service's server must keep them), sets its debug flag and default
    executor, and leaves worker tasks (one per actor) after stopping. The guard puts the
    handlers and flag back right after the node is made, and after the node stopped
    cancels the node's leftover tasks and hands the loop its previous executor back."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._debug = loop.get_debug()
        # asyncio keeps the default executor privately; None means "not created yet".
        self._executor: ThreadPoolExecutor | None = getattr(loop, "_default_executor", None)
        self._before: set[asyncio.Task[Any]] = set()

    @contextlib.contextmanager
    def keep_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
        loop_handlers = dict(getattr(self._loop, "_signal_handlers", {}))
        try:
            yield
        finally:
            for sig in _SIGNALS:
                with contextlib.suppress(Exception):
                    self._loop.remove_signal_handler(sig)
                handle = loop_handlers.get(sig)
                if handle is not None:
                    self._loop.add_signal_handler(sig, handle._callback, *handle._args)
                elif previous[sig] is not None:
                    signal.signal(sig, previous[sig])
            self._loop.set_debug(self._debug)

    def mark_tasks(self) -> None:
        """Remember the loop's tasks before the node runs: those are not the node's."""
        self._before = set(asyncio.all_tasks(self._loop))

    async def cancel_node_tasks(self, timeout: float) -> list[str]:
        """Cancel tasks the node (or our clients in it) started and left; their names."""
        left = [
            task
            for task in asyncio.all_tasks(self._loop)
            if task not in self._before and not task.done() and _started_by_node(task)
        ]
        for task in left:
            task.cancel()
        if left:
            await asyncio.wait(left, timeout=timeout)
        return [task.get_name() for task in left]

    def restore_executor(self, node_executor: Any) -> None:
        """Give the loop its previous default executor back and close the node's; with none
        before, the node's pool stays the loop's default (closed when the loop closes)."""
        if self._executor is None or node_executor is None:
            return
        self._loop.set_default_executor(self._executor)
        node_executor.shutdown(wait=False, cancel_futures=True)


def _started_by_node(task: asyncio.Task[Any]) -> bool:
    code = getattr(task.get_coro(), "cr_code", None)
    filename = code.co_filename if code is not None else ""
    return "nautilus_trader" in filename or filename.startswith(_OWN_DIR)
