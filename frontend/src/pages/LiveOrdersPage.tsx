// Manual order ticket, the orders blotter with cancel, and the newest fills.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, request } from "../api/client";
import { DataTable } from "../components/DataTable";
import { type LiveOrder, OPEN, useFills, useLiveEvents, useOrders, useVenues } from "./liveQueries";

interface Result {
  operation_id: string;
  status: string;
  error_message: string | null;
  rejection_code?: string;
}

function OrderTicket() {
  const venues = useVenues().data ?? [];
  const instruments = [...new Set(venues.flatMap((v) => v.instruments))].sort();
  const queries = useQueryClient();
  const [form, setForm] = useState({ instrument_key: "", side: "BUY", order_type: "LIMIT", quantity: "0.01", price: "", venue: "" });
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setForm({ ...form, [field]: e.target.value });

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const instrument = form.instrument_key || instruments[0];
    const body: Record<string, unknown> = {
      operation_id: `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
      instrument_key: instrument,
      side: form.side,
      order_type: form.order_type,
      quantity: form.quantity,
      strategy_id: "manual",
    };
    if (form.order_type === "LIMIT") body.price = form.price;
    if (form.venue) body.venue = form.venue;
    try {
      const result = await request<Result>("live", "/api/orders", { method: "POST", json: body });
      const refused = result.status === "REJECTED" || result.status === "FAILED";
      setAnswer({
        ok: !refused,
        text: `${result.operation_id}: ${result.status}${result.error_message ? ` — ${result.error_message}` : ""}`,
      });
    } catch (error) {
      const e = error as ApiError;
      setAnswer({ ok: false, text: [e.message, ...(e.problems ?? [])].join("; ") });
    }
    void queries.invalidateQueries({ queryKey: ["live"] });
  }

  return (
    <form className="inline" onSubmit={submit} aria-label="order ticket">
      <h2>Order ticket</h2>
      <label>
        instrument{" "}
        <select name="instrument_key" value={form.instrument_key} onChange={set("instrument_key")}>
          {instruments.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
      </label>
      <label>
        side{" "}
        <select name="side" value={form.side} onChange={set("side")}>
          <option>BUY</option>
          <option>SELL</option>
        </select>
      </label>
      <label>
        type{" "}
        <select name="order_type" value={form.order_type} onChange={set("order_type")}>
          <option>LIMIT</option>
          <option>MARKET</option>
        </select>
      </label>
      <label>
        quantity <input name="quantity" value={form.quantity} onChange={set("quantity")} size={8} />
      </label>
      <label>
        price <input name="price" value={form.price} onChange={set("price")} size={10} disabled={form.order_type !== "LIMIT"} />
      </label>
      <label>
        venue{" "}
        <select name="venue" value={form.venue} onChange={set("venue")}>
          <option value="">router decides</option>
          {venues.map((v) => (
            <option key={v.venue_id}>{v.venue_id}</option>
          ))}
        </select>
      </label>
      <button type="submit">Send</button>
      {answer && (
        <p role="status" data-testid="order-result" className={answer.ok ? "up" : "error"}>
          {answer.text}
        </p>
      )}
    </form>
  );
}

export function LiveOrdersPage() {
  const streaming = useLiveEvents();
  const orders = useOrders();
  const fills = useFills();
  const queries = useQueryClient();
  const [cancelError, setCancelError] = useState("");

  async function cancel(order: LiveOrder) {
    setCancelError("");
    try {
      await request("live", `/api/orders/${encodeURIComponent(order.operation_id)}`, { method: "DELETE" });
    } catch (error) {
      setCancelError(`${order.operation_id}: ${(error as Error).message}`);
    }
    void queries.invalidateQueries({ queryKey: ["live", "orders"] });
  }

  return (
    <section>
      <h1>
        Live orders <span className="muted">{streaming ? "· live updates" : "· connecting to events"}</span>
      </h1>
      <OrderTicket />
      <h2>Blotter</h2>
      {cancelError && <p className="error">{cancelError}</p>}
      <DataTable<LiveOrder>
        testId="blotter"
        rows={orders.data ?? []}
        rowKey={(o) => o.operation_id}
        columns={[
          { key: "created", label: "created", value: (o) => o.created_at },
          { key: "op", label: "operation", value: (o) => o.operation_id },
          { key: "instrument", label: "instrument", value: (o) => o.instrument_key },
          { key: "side", label: "side", value: (o) => o.side },
          { key: "type", label: "type", value: (o) => o.order_type },
          { key: "qty", label: "quantity", value: (o) => o.quantity },
          { key: "price", label: "price", value: (o) => o.price },
          { key: "filled", label: "filled", value: (o) => o.filled_quantity },
          { key: "status", label: "status", value: (o) => o.status },
          { key: "venue", label: "venue", value: (o) => o.venue },
          { key: "reason", label: "reason", value: (o) => o.rejection_reason ?? o.error_message },
          {
            key: "cancel",
            label: "",
            value: () => "",
            render: (o) =>
              OPEN.includes(o.status) ? (
                <button type="button" onClick={() => cancel(o)} aria-label={`cancel ${o.operation_id}`}>
                  Cancel
                </button>
              ) : null,
          },
        ]}
      />
      <h2>Fills</h2>
      <DataTable
        testId="live-fills"
        rows={fills.data ?? []}
        rowKey={(f) => f.fill_id}
        columns={[
          { key: "ts", label: "time", value: (f) => f.ts_event, render: (f) => new Date(f.ts_event / 1e6).toISOString() },
          { key: "op", label: "operation", value: (f) => f.operation_id },
          { key: "instrument", label: "instrument", value: (f) => f.instrument_key },
          { key: "side", label: "side", value: (f) => f.side },
          { key: "qty", label: "quantity", value: (f) => f.quantity },
          { key: "price", label: "price", value: (f) => f.price },
          { key: "fee", label: "fee", value: (f) => `${f.fee} ${f.fee_currency}` },
          { key: "venue", label: "venue", value: (f) => f.venue },
        ]}
      />
    </section>
  );
}
