// One run: progress while it runs; then summary, equity/drawdown, price with fills, tables.
import { useParams } from "react-router-dom";
import type { BacktestSchemas } from "../api/client";
import { type Column, DataTable } from "../components/DataTable";
import { EquityChart } from "../components/EquityChart";
import { PriceChart } from "../components/PriceChart";
import { SummaryFigures } from "../components/SummaryFigures";
import { isEnded, useProgress, useRunTables } from "./backtestQueries";

type Fill = BacktestSchemas["RunFill"];
type Order = BacktestSchemas["RunOrder"];

const time = (ns: number) => new Date(ns / 1e6).toISOString().replace("T", " ").slice(0, 19);

export const FILL_COLUMNS: Column<Fill>[] = [
  { key: "ts", label: "time", value: (f) => f.ts_event, render: (f) => time(f.ts_event) },
  { key: "instrument", label: "instrument", value: (f) => f.instrument_key },
  { key: "side", label: "side", value: (f) => f.side },
  { key: "quantity", label: "quantity", value: (f) => f.quantity },
  { key: "price", label: "price", value: (f) => f.price },
  { key: "fee", label: "fee", value: (f) => f.fee },
  { key: "venue", label: "venue", value: (f) => f.venue },
  { key: "order", label: "order", value: (f) => f.order_id },
];

const ORDER_COLUMNS: Column<Order>[] = [
  { key: "created", label: "created", value: (o) => o.created_at },
  { key: "order", label: "order", value: (o) => o.order_id },
  { key: "instrument", label: "instrument", value: (o) => o.instrument_key },
  { key: "side", label: "side", value: (o) => o.side },
  { key: "type", label: "type", value: (o) => o.order_type },
  { key: "quantity", label: "quantity", value: (o) => o.quantity },
  { key: "price", label: "price", value: (o) => o.price },
  { key: "status", label: "status", value: (o) => o.status },
  { key: "reason", label: "rejection", value: (o) => o.rejection_reason },
];

export function BacktestRunPage() {
  const { runId = "" } = useParams();
  const progress = useProgress(runId);
  const p = progress.data;
  const ended = isEnded(p?.status);
  const tables = useRunTables(runId, ended && p?.status === "COMPLETED");
  return (
    <section>
      <h1>{runId}</h1>
      {progress.error && <p className="error">{String(progress.error.message)}</p>}
      {p && (
        <p data-testid="progress" data-status={p.status}>
          <strong>{p.status}</strong> · windows {p.windows_done}/{p.windows_total}{" "}
          <progress max={p.windows_total || 1} value={p.windows_done} /> · bytes read{" "}
          {p.bytes_read ?? "–"}
          {p.error && <span className="error"> · {p.error}</span>}
        </p>
      )}
      {tables.results.data && <SummaryFigures summary={tables.results.data.summary} />}
      {tables.equity.data && <EquityChart points={tables.equity.data.items} />}
      {tables.positions.data && tables.fills.data && (
        <PriceChart positions={tables.positions.data.items} fills={tables.fills.data.items} />
      )}
      {tables.fills.data && (
        <>
          <h2>Fills</h2>
          <DataTable testId="fills" rows={tables.fills.data.items} columns={FILL_COLUMNS} rowKey={(f) => f.fill_id} />
        </>
      )}
      {tables.orders.data && (
        <>
          <h2>Orders</h2>
          <DataTable testId="orders" rows={tables.orders.data.items} columns={ORDER_COLUMNS} rowKey={(o) => o.order_id} />
        </>
      )}
    </section>
  );
}
