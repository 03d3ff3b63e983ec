// Trading state with the kill switch (confirmed), and the risk limits (view and edit).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, request } from "../api/client";
import { ConfirmDialog } from "../components/ConfirmDialog";

const STATES = ["ACTIVE", "REDUCING", "HALTED"] as const;
type TradingState = (typeof STATES)[number];
const MEANING: Record<TradingState, string> = {
  ACTIVE: "orders are accepted within the limits",
  REDUCING: "only orders that reduce a position are accepted",
  HALTED: "every new order is refused",
};

interface RiskState {
  trading_state: TradingState;
  orders_last_second: number;
  orders_last_minute: number;
}

export function RiskPage() {
  const queries = useQueryClient();
  const state = useQuery({ queryKey: ["live", "risk"], queryFn: () => request<RiskState>("live", "/api/risk/state"), refetchInterval: 5_000 });
  const limits = useQuery({ queryKey: ["live", "limits"], queryFn: () => request<Record<string, unknown>>("live", "/api/risk/limits/current") });
  const [pending, setPending] = useState<TradingState | null>(null);
  const [text, setText] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (limits.data) setText(JSON.stringify(limits.data, null, 2));
  }, [limits.data]);

  async function switchTo(next: TradingState) {
    setPending(null);
    try {
      await request("live", "/api/risk/state", { method: "PUT", json: { trading_state: next } });
      setMessage({ ok: true, text: `trading state is now ${next}` });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
    void queries.invalidateQueries({ queryKey: ["live", "risk"] });
  }

  async function saveLimits(event: React.FormEvent) {
    event.preventDefault();
    try {
      await request("live", "/api/risk/limits", { method: "PUT", json: JSON.parse(text) });
      setMessage({ ok: true, text: "limits reloaded" });
      void queries.invalidateQueries({ queryKey: ["live"] });
    } catch (error) {
      const e = error as ApiError;
      setMessage({ ok: false, text: [e.message, ...(e.problems ?? [])].join("; ") });
    }
  }

  const current = state.data?.trading_state;
  return (
    <section>
      <h1>Risk</h1>
      <p>
        trading state:{" "}
        <strong data-testid="trading-state" className={`state-${current}`}>
          {current ?? "…"}
        </strong>{" "}
        {current && <span className="muted">({MEANING[current]})</span>} · orders last second{" "}
        {state.data?.orders_last_second ?? "–"}, last minute {state.data?.orders_last_minute ?? "–"}
      </p>
      <div aria-label="kill switch">
        {STATES.map((s) => (
          <button key={s} type="button" className={s === "HALTED" ? "danger" : ""} disabled={s === current} onClick={() => setPending(s)}>
            {s}
          </button>
        ))}
      </div>
      {message && (
        <p role="status" className={message.ok ? "up" : "error"}>
          {message.text}
        </p>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={`Switch trading to ${pending}?`}
        message={pending ? `${MEANING[pending]}.` : ""}
        confirmLabel={`Yes, ${pending}`}
        onConfirm={() => pending && switchTo(pending)}
        onCancel={() => setPending(null)}
      />
      <h2>Limits</h2>
      <form onSubmit={saveLimits}>
        <textarea aria-label="risk limits" rows={18} cols={70} value={text} onChange={(e) => setText(e.target.value)} />
        <br />
        <button type="submit">Reload limits</button>
      </form>
    </section>
  );
}
