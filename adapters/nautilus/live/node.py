"""The service's one TradingNode, shared by its nautilus venues, run in the service's loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Mapping
from typing import Any

from adapters.nautilus.exec_algorithms import exec_algorithms
from adapters.nautilus.live.bridge import NodeBridge
from adapters.nautilus.live.config import NautilusVenueConfig
from adapters.nautilus.live.desk import BookSink, OrderDesk
from adapters.nautilus.live.factories import register_client_factories
from adapters.nautilus.live.feed import ReplayDataClient
from adapters.nautilus.live.loop_guard import LoopGuard
from adapters.nautilus.live.node_config import trading_node_config
from adapters.nautilus.live.recorded import replay_instruments
from adapters.nautilus.live.redis_cache import with_redis
from adapters.nautilus.live.sandbox import SandboxMatching
from adapters.nautilus.live.whole_history import keep_every_reported_order
from domain.errors import VenueError

log = logging.getLogger(__name__)


class NautilusNode:
    """Holds the TradingNode of every nautilus venue of one container. The first venue to
    connect builds it (factories registered and instruments cached before `build()`) and
    runs it as a task of the running loop; the last to disconnect stops it cleanly (no
    task of it left, orders left as the venue has them). A later connect builds a new one.
    The desk, with each venue's event queue, outlives the nodes."""

    def __init__(
        self,
        *,
        environ: Mapping[str, str] | None = None,
        algorithm_defaults: Mapping[str, dict[str, Any]] | None = None,
    ) -> None:
        self._environ = environ
        self._algorithm_defaults = dict(algorithm_defaults or {})
        self._configs: dict[str, NautilusVenueConfig] = {}
        self._active: set[str] = set()
        self._lock = asyncio.Lock()
        self.desk = OrderDesk()
        self.feeds: dict[str, ReplayDataClient] = {}
        self.node: Any = None
        self.bridge: Any = None
        self._run: asyncio.Task[None] | None = None
        self._guard: LoopGuard | None = None
        self._stop_timeout = 10.0

    def add(self, config: NautilusVenueConfig, on_book: BookSink | None = None) -> None:
        """Join a venue; venues join before the node first starts."""
        if self.node is not None:
            raise RuntimeError(f"venue {config.venue_id} joins a node that already runs")
        self._configs[config.venue_id] = config
        self.desk.add_venue(config, on_book)

    @property
    def running(self) -> bool:
        bridge, run = self.bridge, self._run
        return bridge is not None and bridge.started.is_set() and run is not None and not run.done()

    def is_connected(self, venue_id: str) -> bool:
        return self.running and venue_id in self._active

    async def acquire(self, venue_id: str) -> None:
        async with self._lock:
            if self.node is None:
                await self._start()
            self._active.add(venue_id)

    async def release(self, venue_id: str) -> None:
        async with self._lock:
            self._active.discard(venue_id)
            if not self._active and self.node is not None:
                await self._stop()

    async def _start(self) -> None:
        loop = asyncio.get_running_loop()
        configs = list(self._configs.values())
        environ = os.environ if self._environ is None else self._environ
        node_config = with_redis(trading_node_config(configs, environ=environ), environ)
        self._stop_timeout = node_config.timeout_disconnection
        self._guard = LoopGuard(loop)
        try:
            self.node = self._build(configs, node_config, loop)
        except Exception as error:
            if self.node is not None:
                self.node.kernel.dispose()
                self._guard.restore_executor(self.node.kernel.executor)
            self.node = self.bridge = self._guard = None
            raise VenueError(
                self._ids, "BUILD", f"building the TradingNode failed: {error}", retryable=False
            ) from error
        self._guard.mark_tasks()
        self._run = loop.create_task(self.node.run_async(), name="nautilus-trading-node")
        budget = sum(
            (
                node_config.timeout_connection,
                node_config.timeout_reconciliation,
                node_config.timeout_portfolio,
            )
        )
        if not await self._started(budget):
            await self._stop()
            raise VenueError(
                self._ids,
                "CONNECT",
                f"the TradingNode did not start within {budget}s",
                retryable=True,
            )

    def _build(self, configs: list[NautilusVenueConfig], node_config: Any, loop: Any) -> Any:
        """Factories registered and replayed instruments cached before `build()`."""
        # Imported only when a node is built: importing NautilusTrader's live node switches
        # asyncio to uvloop, which must not happen when this module is merely imported.
        from nautilus_trader.live.node import TradingNode

        assert self._guard is not None
        with self._guard.keep_signals():
            node = TradingNode(config=node_config, loop=loop)
        self.node = node
        self.feeds.clear()
        register_client_factories(node, configs, self.feeds)
        for instrument in replay_instruments(configs):
            node.kernel.cache.add_instrument(instrument)
        self.bridge = NodeBridge(configs, self.desk)
        node.trader.add_strategy(self.bridge)
        for algorithm in exec_algorithms(self._algorithm_defaults):
            node.trader.add_exec_algorithm(algorithm)
        node.build()
        keep_every_reported_order(node.kernel.exec_engine)
        paper = [venue.exec_client_id for venue in configs if venue.options.paper]
        self.bridge.sandbox = SandboxMatching(node.kernel.exec_engine, paper)
        return node

    @property
    def _ids(self) -> str:
        return ",".join(self._configs)

    async def _started(self, budget: float) -> bool:
        started = asyncio.ensure_future(self.bridge.started.wait())
        assert self._run is not None
        await asyncio.wait(
            {started, self._run}, timeout=budget, return_when=asyncio.FIRST_COMPLETED
        )
        if not started.done():
            started.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await started
        return self.running

    async def _stop(self) -> None:
        node, run, guard = self.node, self._run, self._guard
        self._active.clear()
        try:
            await node.stop_async()
        except Exception:  # a half-started node still has to be torn down
            log.exception("stopping the TradingNode failed")
        if run is not None:
            try:
                await asyncio.wait_for(run, self._stop_timeout)
            except (TimeoutError, asyncio.CancelledError):
                pass
            except Exception:
                log.exception("the TradingNode run task failed")
        self.desk.detach()
        if guard is not None:
            left = await guard.cancel_node_tasks(timeout=2.0)
            if left:
                log.debug("cancelled node tasks left after stop: %s", ", ".join(left))
        node.kernel.dispose()
        if guard is not None:
            guard.restore_executor(node.kernel.executor)
        self.node = self.bridge = self._run = self._guard = None
