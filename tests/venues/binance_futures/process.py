"""The Binance USD-M emulator in its own process, so it outlives a killed service (crash proofs).

`python -m tests.venues.binance_futures.process` quotes BTCUSDT at a fixed, deep top of book
(re-published every `--quote-every` seconds, so a node that connects later is priced too),
accepts the key of `running.KEY_ENV` / `running.SECRET_ENV` (defaults: the fixed test key)
and prints `READY <http_url> <ws_url> <control_url>` once it listens. The control API:
`POST /control/trade_against {"side", "quantity", "price"}` (someone else's order hits
the resting ones it crosses; answers `{"trades": n}`) and `GET /control/state` (every order
received, every trade, the position)."""

from __future__ import annotations

import argparse
import asyncio
import os
from decimal import Decimal
from typing import Any

from aiohttp import web

from tests.venues.binance_futures.exchange import BinanceFuturesExchange
from tests.venues.binance_futures.orders import text
from tests.venues.binance_futures.running import BTCUSDT, KEY_ENV, SECRET_ENV
from tests.venues.binance_futures.server import BinanceFuturesEmulator

SYMBOL = BTCUSDT.symbol
BID, ASK = Decimal("9999.90"), Decimal("10000.00")
DEPTH = Decimal(10**6)  # every market order of a proof fills at once, at the touch
TEST_KEY, TEST_SECRET = "emulated-key-0123456789", "emulated-secret-9876543210"


def state(exchange: BinanceFuturesExchange) -> dict[str, Any]:
    """The exchange's own books, in the order it received the orders."""
    orders = [
        {"client_order_id": o.client_order_id, "status": o.status, "filled": text(o.filled)}
        for o in exchange.orders.values()
    ]
    trades = [{"trade_id": str(t.trade_id), "order_id": t.order_id} for t in exchange.trades]
    positions = {name: text(p.amount) for name, p in exchange.positions.items()}
    return {"orders": orders, "trades": trades, "positions": positions}


def control_app(exchange: BinanceFuturesExchange) -> web.Application:
    async def trade_against(request: web.Request) -> web.Response:
        body = await request.json()
        made = exchange.trade_against(
            SYMBOL, body["side"], Decimal(body["quantity"]), Decimal(body["price"])
        )
        return web.json_response({"trades": made})

    async def get_state(_: web.Request) -> web.Response:
        return web.json_response(state(exchange))

    app = web.Application()
    app.router.add_post("/control/trade_against", trade_against)
    app.router.add_get("/control/state", get_state)
    return app


async def serve(quote_every_s: float, balance: Decimal) -> None:
    exchange = BinanceFuturesExchange([BTCUSDT], balance=balance)
    exchange.on_quote(SYMBOL, BID, DEPTH, ASK, DEPTH)
    server = BinanceFuturesEmulator(
        exchange, os.environ.get(KEY_ENV, TEST_KEY), os.environ.get(SECRET_ENV, TEST_SECRET)
    )
    await server.start()
    runner = web.AppRunner(control_app(exchange), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    control_port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"READY {server.http_url} {server.ws_url} http://127.0.0.1:{control_port}", flush=True)
    while True:
        await asyncio.sleep(quote_every_s)
        exchange.on_quote(SYMBOL, BID, DEPTH, ASK, DEPTH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quote-every", type=float, default=0.5)
    parser.add_argument("--balance", default="10000000")
    args = parser.parse_args()
    asyncio.run(serve(args.quote_every, Decimal(args.balance)))


if __name__ == "__main__":
    main()
