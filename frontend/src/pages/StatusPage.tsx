// Every service, its PostgreSQL, Redis and buckets: state, latency, last error.
import { useQueries } from "@tanstack/react-query";
import { authHeaders, type ServiceName, uiConfig, url } from "../api/client";
import { type Detection, EXPECTED, SERVICE_NAMES, TIMEOUT_MS } from "../hooks/useServiceDetection";

const DEPENDENCIES = ["database", "redis", "gcs"] as const;
type Dependency = (typeof DEPENDENCIES)[number];

export interface DependencyState {
  state: "healthy" | "unhealthy" | "not_used" | "unreachable";
  latencyMs: number | null;
  error: string | null;
  buckets: Record<string, { accessible: boolean; error?: string }>;
}

/** A health body as shown: `not_used` (or `configured: false`) is grey, never healthy. */
export function classify(ok: boolean, body: Record<string, unknown> | null): DependencyState["state"] {
  if (body?.status === "not_used" || body?.configured === false) return "not_used";
  if (body?.status === "healthy" && ok) return "healthy";
  return "unhealthy";
}

async function checkDependency(service: ServiceName, dependency: Dependency): Promise<DependencyState> {
  const started = performance.now();
  try {
    const response = await fetch(url(service, `/api/health/${dependency}`), {
      cache: "no-store",
      headers: authHeaders(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    return {
      state: classify(response.ok, body),
      latencyMs: Math.round(performance.now() - started),
      error: typeof body?.error === "string" ? body.error : response.ok ? null : `HTTP ${response.status}`,
      buckets: (body?.buckets as DependencyState["buckets"]) ?? {},
    };
  } catch (error) {
    return { state: "unreachable", latencyMs: null, error: String(error), buckets: {} };
  }
}

export function StatusPage({ detection }: { detection: Detection }) {
  const pairs = SERVICE_NAMES.flatMap((s) => DEPENDENCIES.map((d) => [s, d] as const));
  const checks = useQueries({
    queries: pairs.map(([service, dependency]) => ({
      queryKey: ["dependency", service, dependency],
      queryFn: () => checkDependency(service, dependency),
      refetchInterval: uiConfig().poll_seconds * 1000,
      enabled: detection.services[service].up,
    })),
  });
  const dependency = (service: ServiceName, name: Dependency) =>
    checks[pairs.findIndex(([s, d]) => s === service && d === name)]?.data;

  return (
    <section>
      <h1>Status</h1>
      <table data-testid="services">
        <thead>
          <tr>
            <th>service</th>
            <th>state</th>
            <th>latency</th>
            <th>last error</th>
          </tr>
        </thead>
        <tbody>
          {SERVICE_NAMES.map((name) => {
            const s = detection.services[name];
            const state = !s.checked ? "checking" : s.up ? "up" : "down";
            return (
              <tr key={name} data-service={name} data-state={state}>
                <td>{EXPECTED[name]}</td>
                <td className={state}>{state}</td>
                <td>{s.latencyMs === null ? "" : `${s.latencyMs} ms`}</td>
                <td className="error">{s.error ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Dependencies</h2>
      <table data-testid="dependencies">
        <thead>
          <tr>
            <th>service</th>
            <th>dependency</th>
            <th>state</th>
            <th>latency</th>
            <th>last error</th>
          </tr>
        </thead>
        <tbody>
          {SERVICE_NAMES.filter((n) => detection.services[n].up).flatMap((service) =>
            DEPENDENCIES.map((name) => {
              const d = dependency(service, name);
              const label = name === "database" ? "PostgreSQL" : name === "redis" ? "Redis" : "buckets";
              return (
                <tr key={`${service}-${name}`} data-dependency={`${service}-${name}`} data-state={d?.state ?? "checking"}>
                  <td>{EXPECTED[service]}</td>
                  <td>{label}</td>
                  <td className={d?.state}>{d ? d.state.replace("_", " ") : "checking"}</td>
                  <td>{d?.latencyMs === null || !d ? "" : `${d.latencyMs} ms`}</td>
                  <td className="error">{d?.error ?? ""}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      <h2>Buckets</h2>
      <table data-testid="buckets">
        <thead>
          <tr>
            <th>service</th>
            <th>bucket</th>
            <th>state</th>
            <th>last error</th>
          </tr>
        </thead>
        <tbody>
          {SERVICE_NAMES.filter((n) => detection.services[n].up).flatMap((service) =>
            Object.entries(dependency(service, "gcs")?.buckets ?? {}).map(([bucket, b]) => (
              <tr key={`${service}-${bucket}`}>
                <td>{EXPECTED[service]}</td>
                <td>{bucket}</td>
                <td className={b.accessible ? "healthy" : "unhealthy"}>
                  {b.accessible ? "accessible" : "not accessible"}
                </td>
                <td className="error">{b.error ?? ""}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}
