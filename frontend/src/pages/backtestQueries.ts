// Queries of the backtest service shared by the run, compare and list pages.
import { useQuery } from "@tanstack/react-query";
import { type EquityPage, request, type RunFillPage, type RunOrderPage, type RunPositionPage, type RunProgress } from "../api/client";

export interface RunListing {
  run_id: string;
  status: string;
  created_at: string | null;
}

export interface RunResults {
  run_id: string;
  status: string;
  summary: Record<string, unknown>;
}

const ENDED = ["COMPLETED", "FAILED"];

export function useRuns() {
  return useQuery({
    queryKey: ["runs"],
    queryFn: () => request<RunListing[]>("backtest", "/api/backtests"),
    refetchInterval: 5_000,
  });
}

export function useProgress(runId: string) {
  return useQuery({
    queryKey: ["progress", runId],
    queryFn: () => request<RunProgress>("backtest", `/api/backtests/${runId}/progress`),
    refetchInterval: (q) => (q.state.data && ENDED.includes(q.state.data.status) ? false : 1_000),
    retry: 3,
  });
}

export function useRunTables(runId: string, ended: boolean) {
  const base = `/api/backtests/${runId}`;
  const options = { enabled: ended, staleTime: Infinity } as const;
  return {
    results: useQuery({ queryKey: ["results", runId], queryFn: () => request<RunResults>("backtest", `${base}/results`), ...options }),
    equity: useQuery({ queryKey: ["equity", runId], queryFn: () => request<EquityPage>("backtest", `${base}/equity`), ...options }),
    fills: useQuery({ queryKey: ["fills", runId], queryFn: () => request<RunFillPage>("backtest", `${base}/fills?limit=100000`), ...options }),
    orders: useQuery({ queryKey: ["orders", runId], queryFn: () => request<RunOrderPage>("backtest", `${base}/orders?limit=100000`), ...options }),
    positions: useQuery({ queryKey: ["positions", runId], queryFn: () => request<RunPositionPage>("backtest", `${base}/positions?limit=100000`), ...options }),
  };
}

export function isEnded(status: string | undefined): boolean {
  return status !== undefined && ENDED.includes(status);
}
