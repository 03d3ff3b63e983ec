"""The fake Deribit in its own process, so it outlives a killed service (crash proofs).

`python -m tests.fakes.deribit_process [--ws-port 0] [--http-port 0] [--token-ttl 900]`
reads the accepted key from DERIBIT_CLIENT_ID / DERIBIT_CLIENT_SECRET (defaults: the test
plugin's fake key), sets the default books, and prints `READY <ws_url> <http_url>` once it
listens. Drive it with `tests.fakes.deribit_control.DeribitControl(http_url)`."""

from __future__ import annotations

import argparse
import asyncio
import os

from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, default_books


async def serve(ws_port: int, http_port: int, token_ttl_s: float) -> None:
    fake = FakeDeribit(
        client_id=os.environ.get("DERIBIT_CLIENT_ID", FAKE_CLIENT_ID),
        client_secret=os.environ.get("DERIBIT_CLIENT_SECRET", FAKE_CLIENT_SECRET),
        token_ttl_s=token_ttl_s,
    )
    await fake.start(ws_port=ws_port, http_port=http_port)
    default_books(fake)
    print(f"READY {fake.ws_url} {fake.http_url}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ws-port", type=int, default=0)
    parser.add_argument("--http-port", type=int, default=0)
    parser.add_argument("--token-ttl", type=float, default=900.0)
    args = parser.parse_args()
    asyncio.run(serve(args.ws_port, args.http_port, args.token_ttl))


if __name__ == "__main__":
    main()
