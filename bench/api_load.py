"""The live API at speed: `POST /api/orders` (whole order path, PostgreSQL, simulated venues)
against `GET /api/health` (the service's bare ceiling), then `bench.order_path_pg` (the same
path in process, no HTTP), in one run, with wrk at 32 connections.

The server is `odum serve live` as deployed (same uvicorn settings, GC tuning and structured
JSON logging, run recorder on a memory store), over three simulated venues with deep books;
every POST carries a new operation_id, so none is answered from the idempotency record, and
a trader's API key (checked and audited as for any client: log line and `api_audit` row).

Run: .venv/bin/python -m bench.api_load [--seconds 15] [--connections 32] [--threads 2]
     [--pg-orders 20000] [--py-spy PATH]   (wrk from the Debian package; database from
     ODUM_DATABASE_URL, else a throwaway cluster)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

URL_ENV = "ODUM_DATABASE_URL"
BENCH_KEY = "odum_bench-api-load-trader-key"
INSTRUMENT = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ORDER_SCRIPT = """
local counter, thread_id = 0, 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args) thread_id = tid end
function request()
  counter = counter + 1
  local side = (counter %% 2 == 0) and "SELL" or "BUY"
  local body = string.format(
    '{"operation_id":"%s-t%%d-%%d","instrument_key":"%s","side":"%%s","quantity":"0.01",'
    .. '"strategy_id":"load"}', thread_id, counter, side)
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %s"}
  return wrk.format("POST", "/api/orders", headers, body)
end
"""


def serve(port: int) -> None:
    """The server process: the live service as `odum serve live` runs it."""
    from adapters.auth.keys import KeyRing, Role
    from bench.order_path_pg import build
    from bootstrap.containers.log_setup import bind_live_run, configure_service_logging
    from entrypoints.cli import serve_commands
    from entrypoints.http.live_app import create_live_app

    configure_service_logging("odum-live-backend", os.environ)
    container = build(os.environ[URL_ENV], pool_size=8)
    app = create_live_app(container, keys=KeyRing.of(bench=(BENCH_KEY, Role.TRADER)))
    bind_live_run(container)
    serve_commands._tune_gc()
    serve_commands.run_server(app, "127.0.0.1", port)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {base}/api/health within {timeout:.0f} s")


def wrk(args: list[str]) -> dict[str, float]:
    done = subprocess.run(["wrk", "--latency", *args], capture_output=True, text=True, check=True)
    text = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket_errors = re.search(r"Socket errors:.*", text)
    return {
        "rps": rps,
        "requests": float(re.search(r"(\d+) requests in", text).group(1)),  # type: ignore[union-attr]
        "p50_ms": _latency(text, "50%"),
        "p99_ms": _latency(text, "99%"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if socket_errors else 0.0,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (all its threads) so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def metered_wrk(args: list[str], pid: int) -> dict[str, float]:
    """wrk, and the server's CPU per request meanwhile: what the server alone would allow,
    whatever else the shared machine runs."""
    started = cpu_seconds(pid)
    result = wrk(args)
    result["cpu_ms"] = (cpu_seconds(pid) - started) * 1000 / max(result["requests"], 1)
    return result


def _latency(text: str, quantile: str) -> float:
    match = re.search(rf"^\s+{re.escape(quantile)}\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def profile(
    py_spy: str | None, pid: int, seconds: int, folder: Path
) -> subprocess.Popen[bytes] | None:
    """py-spy (used by hand, not a project dependency) sampling the server during the run."""
    if py_spy is None:
        return None
    output = folder / "orders.pyspy.txt"
    command = [py_spy, "record", "-p", str(pid), "-d", str(max(seconds - 1, 1)), "-r", "200"]
    command += ["-f", "raw", "-o", str(output), "--nonblocking"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def orders_by_status(base: str) -> dict[str, float]:
    from prometheus_client.parser import text_string_to_metric_families

    with urllib.request.urlopen(f"{base}/metrics", timeout=5) as answer:
        text = answer.read().decode()
    totals: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        if family.name == "odum_orders":
            for sample in family.samples:
                status = sample.labels["status"]
                totals[status] = totals.get(status, 0.0) + sample.value
    return totals


def stored_statuses(url: str) -> dict[str, int]:
    """Every order the server took (warm-up included), by its status in the store: the
    in-flight ones at the end of a wrk run finish too (the counts read during the run may
    show a few ACCEPTED, not yet FILLED)."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT status, count(*) FROM unified_orders GROUP BY status")
        return {str(status): int(count) for status, count in rows.fetchall()}


def order_path_pg(url: str, orders: int, connections: int) -> tuple[float, float]:
    """Orders/s, and CPU ms per order (from the service CPU share it prints)."""
    command = [sys.executable, "-m", "bench.order_path_pg", "--orders", str(orders)]
    command += ["--concurrency", str(connections), "--gc-tuned"]
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, URL_ENV: url}
    )
    print("  " + done.stdout.strip().splitlines()[-1])
    rate = float(re.findall(r"([\d,]+) orders/s", done.stdout)[-1].replace(",", ""))
    share = float(re.findall(r"service CPU\s+(\d+)%", done.stdout)[-1]) / 100
    return rate, share * 1000 / rate


def line(name: str, result: dict[str, float]) -> str:
    return (
        f"{name:<18} {result['rps']:>8,.0f} req/s   p50 {result['p50_ms']:7.2f} ms   "
        f"p99 {result['p99_ms']:7.2f} ms   non-2xx {result['non_2xx']:.0f}   "
        f"server CPU {result['cpu_ms']:.3f} ms/request"
    )


def run(url: str, args: argparse.Namespace) -> None:
    from adapters.postgres.migrate import upgrade

    upgrade(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE unified_fills, unified_orders, unified_positions")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = Path(tempfile.mkdtemp(prefix="odum-api-load-")) / "server.log"
    env = {**os.environ, URL_ENV: url, "ODUM_LOG_FORMAT": "json"}
    with logs.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "bench.api_load", "--serve", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_healthy(base, server)
        # Each wrk run counts from 1: the warm-up has its own prefix, so no POST of the
        # measured run replays one of its operation ids.
        warm_up, script = logs.parent / "warm-up.lua", logs.parent / "orders.lua"
        warm_up.write_text(ORDER_SCRIPT % (f"warm{port}", INSTRUMENT, BENCH_KEY))
        script.write_text(ORDER_SCRIPT % (f"w{port}", INSTRUMENT, BENCH_KEY))
        common = ["-t", str(args.threads), "-c", str(args.connections)]
        subprocess.run(  # warm-up: pool, caches, first commits
            ["wrk", *common, "-d", "3s", "-s", str(warm_up), base], capture_output=True, check=True
        )
        timed = [*common, "-d", f"{args.seconds}s"]
        health = metered_wrk([*timed, f"{base}/api/health"], server.pid)
        before = orders_by_status(base)
        profiler = profile(args.py_spy, server.pid, args.seconds, logs.parent)
        orders = metered_wrk([*timed, "-s", str(script), base], server.pid)
        after = orders_by_status(base)
        if profiler is not None:
            profiler.wait()
            print(f"  py-spy profile of the POST run: {logs.parent / 'orders.pyspy.txt'}")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    stored = stored_statuses(url)
    statuses = {k: v - before.get(k, 0.0) for k, v in after.items() if v > before.get(k, 0.0)}
    filled = statuses.get("FILLED", 0.0)
    print(line("GET /api/health", health))
    print(line("POST /api/orders", orders))
    counted = ", ".join(f"{k} {v:,.0f}" for k, v in sorted(statuses.items()))
    print(f"  order events during the POST run: {counted} (server log: {logs})")
    print(
        "  orders in the store once the server stopped: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(stored.items()))
    )
    if orders["non_2xx"] or filled == 0:
        raise SystemExit(f"POST /api/orders failed ({orders['non_2xx']:.0f} non-2xx): see {logs}")
    if set(stored) != {"FILLED"}:
        raise SystemExit(f"orders left unfilled in the store: {stored} (see {logs})")
    pg, pg_cpu_ms = order_path_pg(url, args.pg_orders, args.connections)
    print(
        f"orders/s = {orders['rps'] / health['rps']:.0%} of the health ceiling, "
        f"{orders['rps'] / pg:.0%} of bench.order_path_pg ({pg:,.0f} orders/s)   "
        f"[goal: >= 60% and >= 70%]"
    )
    print(
        f"by CPU per request: orders {health['cpu_ms'] / orders['cpu_ms']:.0%} of health, "
        f"{pg_cpu_ms / orders['cpu_ms']:.0%} of bench.order_path_pg ({pg_cpu_ms:.3f} ms/order)"
    )
    summary = {"health": health, "orders": orders, "order_path_pg": pg, "filled": filled}
    print(json.dumps({**summary, "order_path_pg_cpu_ms": pg_cpu_ms}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pg-orders", type=int, default=20_000)
    parser.add_argument("--py-spy", metavar="PATH", help="profile the server during the POSTs")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: install the Debian package `wrk`")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    from bench.order_path_pg import database

    with database(os.environ.get(URL_ENV)) as url:
        run(url, args)


if __name__ == "__main__":
    main()
