// Two completed runs side by side: every summary figure and both equity curves.
import { useState } from "react";
import { EquityChart } from "../components/EquityChart";
import { FIGURES, figure } from "../components/SummaryFigures";
import { useRuns, useRunTables } from "./backtestQueries";

function Side({ runId }: { runId: string }) {
  const tables = useRunTables(runId, Boolean(runId));
  return tables.equity.data ? <EquityChart points={tables.equity.data.items} label={runId} /> : null;
}

export function ComparePage() {
  const runs = (useRuns().data ?? []).filter((r) => r.status === "COMPLETED");
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const left = useRunTables(a, Boolean(a)).results.data?.summary;
  const right = useRunTables(b, Boolean(b)).results.data?.summary;
  const picker = (value: string, set: (v: string) => void, label: string) => (
    <label>
      {label}{" "}
      <select value={value} onChange={(e) => set(e.target.value)} aria-label={label}>
        <option value="">choose a run</option>
        {runs.map((r) => (
          <option key={r.run_id} value={r.run_id}>
            {r.run_id}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section>
      <h1>Compare runs</h1>
      {picker(a, setA, "run A")} {picker(b, setB, "run B")}
      <table data-testid="compare">
        <thead>
          <tr>
            <th>figure</th>
            <th>{a || "A"}</th>
            <th>{b || "B"}</th>
          </tr>
        </thead>
        <tbody>
          {FIGURES.map(([group, key, label]) => (
            <tr key={`${group}.${key}`}>
              <td>{label}</td>
              <td>{left ? figure(left, group, key) : ""}</td>
              <td>{right ? figure(right, group, key) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {a && <Side runId={a} />}
      {b && <Side runId={b} />}
    </section>
  );
}
