// Typed access to both services: paths and bodies from the generated OpenAPI types,
// bases from /ui-config.json (relative URLs only), the API key from sessionStorage.
import type { components as BacktestComponents } from "./backtest";
import type { components as LiveComponents } from "./live";

export type ServiceName = "backtest" | "live";
export type BacktestSchemas = BacktestComponents["schemas"];
export type LiveSchemas = LiveComponents["schemas"];
export type EquityPage = BacktestSchemas["EquityPage"];
export type EquityPoint = BacktestSchemas["EquityPoint"];
export type RunFillPage = BacktestSchemas["RunFillPage"];
export type RunOrderPage = BacktestSchemas["RunOrderPage"];
export type RunPositionPage = BacktestSchemas["RunPositionPage"];
export type RunProgress = BacktestSchemas["RunProgress"];
export type LiveFill = LiveSchemas["LiveFill"];
export type PnlReport = LiveSchemas["PnlReport"];
export type LogTail = LiveSchemas["LogTail"];

export interface UiConfig {
  service: ServiceName | null;
  services: Record<ServiceName, string>;
  poll_seconds: number;
}

export const KEY_STORAGE = "odum.apiKey";

export function apiKey(): string {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

export function setApiKey(key: string): void {
  if (key) window.sessionStorage.setItem(KEY_STORAGE, key);
  else window.sessionStorage.removeItem(KEY_STORAGE);
}

export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const key = apiKey();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public problems: string[] = [],
  ) {
    super(message);
  }
}

let config: UiConfig = {
  service: null,
  services: { backtest: "/svc/backtest", live: "/svc/live" },
  poll_seconds: 30,
};

export function uiConfig(): UiConfig {
  return config;
}

export function setUiConfig(next: UiConfig): void {
  config = next;
}

export async function loadUiConfig(): Promise<UiConfig> {
  try {
    const response = await fetch("/ui-config.json", { cache: "no-store" });
    if (response.ok) setUiConfig((await response.json()) as UiConfig);
  } catch {
    // keep the defaults: the nginx layout
  }
  return config;
}

export function url(service: ServiceName, path: string): string {
  return `${config.services[service]}${path}`;
}

export async function request<T>(
  service: ServiceName,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<T> {
  const { json, headers, ...rest } = init;
  const extra: Record<string, string> = { Accept: "application/json" };
  if (json !== undefined) extra["Content-Type"] = "application/json";
  const response = await fetch(url(service, path), {
    ...rest,
    headers: { ...authHeaders(extra), ...(headers as Record<string, string> | undefined) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    const detail = body as { error?: string; detail?: string; problems?: string[] } | null;
    const message = detail?.error ?? detail?.detail ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message, detail?.problems ?? []);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
