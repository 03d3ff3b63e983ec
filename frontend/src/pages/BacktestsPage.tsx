// Launch a backtest (dates, config file or config edits) and list the runs.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ApiError, request } from "../api/client";
import { DataTable } from "../components/DataTable";
import { type RunListing, useRuns } from "./backtestQueries";

/** A config by its name in the service's config directory (`backtest.sample`); the service
 * never reads a path a client names, so a typed `.json` ending or folder is dropped. */
export function configReference(value: string): Record<string, string> {
  const base = value.trim().split(/[/\\]/).pop() ?? "";
  return { config_name: base.replace(/\.json$/, "") };
}

export function BacktestsPage() {
  const runs = useRuns();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [dates, setDates] = useState("2024-08-08");
  const [configPath, setConfigPath] = useState("config/backtest.sample.json");
  const [edits, setEdits] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function launch(event: React.FormEvent) {
    event.preventDefault();
    setProblems([]);
    const days = dates.split(/[\s,]+/).filter(Boolean);
    let body: Record<string, unknown>;
    try {
      body = edits.trim() ? { config: JSON.parse(edits), dates: days } : { ...configReference(configPath), dates: days };
    } catch (error) {
      setProblems([`config: not valid JSON (${String(error)})`]);
      return;
    }
    setBusy(true);
    try {
      const started = await request<{ run_id: string }>("backtest", "/api/backtests", { method: "POST", json: body });
      await queries.invalidateQueries({ queryKey: ["runs"] });
      navigate(`/backtests/${started.run_id}`);
    } catch (error) {
      const e = error as ApiError;
      setProblems(e.problems?.length ? e.problems : [e.message]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>Backtests</h1>
      <form className="inline" onSubmit={launch} aria-label="launch backtest">
        <label>
          dates <input name="dates" value={dates} onChange={(e) => setDates(e.target.value)} />
        </label>
        <label>
          config name <input name="config_path" value={configPath} onChange={(e) => setConfigPath(e.target.value)} size={32} />
        </label>
        <button type="submit" disabled={busy}>
          Launch
        </button>
        <div>
          <label>
            or a whole config (JSON, replaces the file)
            <br />
            <textarea name="config" rows={3} cols={80} value={edits} onChange={(e) => setEdits(e.target.value)} />
          </label>
        </div>
      </form>
      {problems.map((p) => (
        <p key={p} className="error" role="alert">
          {p}
        </p>
      ))}
      <p>
        <Link to="/backtests/compare">Compare two runs</Link>
      </p>
      <DataTable<RunListing>
        testId="runs"
        rows={runs.data ?? []}
        rowKey={(r) => r.run_id}
        columns={[
          { key: "run_id", label: "run", value: (r) => r.run_id, render: (r) => <Link to={`/backtests/${r.run_id}`}>{r.run_id}</Link> },
          { key: "status", label: "status", value: (r) => r.status },
          { key: "created_at", label: "created", value: (r) => r.created_at },
        ]}
      />
    </section>
  );
}
