// Which services answer: polls each /api/health every poll_seconds (5 s timeout); a service
// that answered before and stops answering is reported in `lost` until it comes back.
import { useQueries } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { authHeaders, type ServiceName, uiConfig, url } from "../api/client";

export const SERVICE_NAMES: ServiceName[] = ["backtest", "live"];
export const EXPECTED: Record<ServiceName, string> = {
  backtest: "odum-backend",
  live: "odum-live-backend",
};
export const TIMEOUT_MS = 5_000;

export interface ServiceState {
  name: ServiceName;
  up: boolean;
  checked: boolean;
  latencyMs: number | null;
  error: string | null;
}

export interface Detection {
  services: Record<ServiceName, ServiceState>;
  lost: ServiceName[];
}

export async function probe(name: ServiceName): Promise<{ latencyMs: number }> {
  const started = performance.now();
  const response = await fetch(url(name, "/api/health"), {
    cache: "no-store",
    headers: authHeaders(), // health is public; a proxy in front of it may not be
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(`health answered ${response.status}${body?.error ? `: ${body.error}` : ""}`);
  }
  const body = (await response.json()) as { status?: string; service?: string };
  if (body.service !== EXPECTED[name]) throw new Error(`another service answered: ${body.service}`);
  return { latencyMs: Math.round(performance.now() - started) };
}

export function useServiceDetection(): Detection {
  const interval = uiConfig().poll_seconds * 1000;
  const results = useQueries({
    queries: SERVICE_NAMES.map((name) => ({
      queryKey: ["health", name],
      queryFn: () => probe(name),
      refetchInterval: interval,
      refetchIntervalInBackground: true,
      retry: false,
    })),
  });
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name, index) => {
      const result = results[index];
      const up = result.isSuccess && !result.isError;
      const state: ServiceState = {
        name,
        up,
        checked: !result.isPending,
        latencyMs: up ? (result.data?.latencyMs ?? null) : null,
        error: result.error ? String(result.error.message ?? result.error) : null,
      };
      return [name, state];
    }),
  ) as Record<ServiceName, ServiceState>;

  const seen = useRef<Set<ServiceName>>(new Set());
  const [lost, setLost] = useState<ServiceName[]>([]);
  const upKey = SERVICE_NAMES.map((n) => `${n}:${services[n].up}:${services[n].checked}`).join(",");
  useEffect(() => {
    const next: ServiceName[] = [];
    for (const name of SERVICE_NAMES) {
      if (services[name].up) seen.current.add(name);
      else if (services[name].checked && seen.current.has(name)) next.push(name);
    }
    setLost((previous) => (previous.join() === next.join() ? previous : next));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [upKey]);
  return { services, lost };
}
