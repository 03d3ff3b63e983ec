// The startup reconciliation report and the tail of the execution log.
import { useQuery } from "@tanstack/react-query";
import { type LogTail, request } from "../api/client";

export function ReconciliationPage() {
  const report = useQuery({
    queryKey: ["live", "reconciliation"],
    queryFn: () => request<Record<string, unknown>>("live", "/api/reconciliation/last"),
    retry: false,
  });
  const log = useQuery({
    queryKey: ["live", "log"],
    queryFn: () => request<LogTail>("live", "/api/log?lines=200"),
    refetchInterval: 5_000,
  });
  const counts = (report.data?.counts ?? {}) as Record<string, number>;
  return (
    <section>
      <h1>Reconciliation</h1>
      {report.error && <p className="muted">{report.error.message}</p>}
      {report.data && (
        <>
          <p data-testid="reconciliation-clean">{report.data.clean ? "clean: stored state matched every venue" : "differences found"}</p>
          <table>
            <tbody>
              {Object.entries(counts).map(([k, v]) => (
                <tr key={k}>
                  <td>{k.replace(/_/g, " ")}</td>
                  <td>{String(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>full report</summary>
            <pre>{JSON.stringify(report.data, null, 2)}</pre>
          </details>
        </>
      )}
      <h2>Execution log</h2>
      {log.data && (
        <pre data-testid="log-tail" className="log">
          {log.data.dropped ? `… ${log.data.dropped} older lines\n` : ""}
          {log.data.lines.join("\n")}
        </pre>
      )}
    </section>
  );
}
