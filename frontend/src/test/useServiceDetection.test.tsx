import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setUiConfig } from "../api/client";
import { TIMEOUT_MS, useServiceDetection } from "../hooks/useServiceDetection";

type Answer = { service: string } | "down";

function stubHealth(answers: Record<string, Answer>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const service = url.startsWith("/svc/live") ? "live" : "backtest";
    const answer = answers[service];
    if (answer === "down") throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify({ status: "healthy", ...answer }), { status: 200 });
  });
  return calls;
}

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

afterEach(() => vi.unstubAllGlobals());

describe("useServiceDetection", () => {
  it("marks only the services that answer with their own name as up", async () => {
    setUiConfig({ service: "backtest", services: { backtest: "", live: "/svc/live" }, poll_seconds: 30 });
    const calls = stubHealth({ backtest: { service: "odum-backend" }, live: "down" });
    const { result } = renderHook(() => useServiceDetection(), { wrapper });
    await waitFor(() => expect(result.current.services.live.checked).toBe(true));
    await waitFor(() => expect(result.current.services.backtest.up).toBe(true));
    expect(result.current.services.live.up).toBe(false);
    expect(result.current.services.live.error).toMatch(/Failed to fetch/);
    expect(result.current.lost).toEqual([]);
    expect(calls.map((c) => c.url).sort()).toEqual(["/api/health", "/svc/live/api/health"]);
    expect(calls[0].init?.signal).toBeInstanceOf(AbortSignal);
    expect(TIMEOUT_MS).toBe(5000);
  });

  it("does not take another service's answer for this one", async () => {
    setUiConfig({ service: null, services: { backtest: "/svc/backtest", live: "/svc/live" }, poll_seconds: 30 });
    stubHealth({ backtest: { service: "odum-live-backend" }, live: { service: "odum-live-backend" } });
    const { result } = renderHook(() => useServiceDetection(), { wrapper });
    await waitFor(() => expect(result.current.services.live.up).toBe(true));
    await waitFor(() => expect(result.current.services.backtest.checked).toBe(true));
    expect(result.current.services.backtest.up).toBe(false);
  });

  it("reports a service that went away as lost at the next poll, and not once it is back", async () => {
    setUiConfig({ service: "backtest", services: { backtest: "", live: "/svc/live" }, poll_seconds: 0.05 });
    const answers: Record<string, Answer> = { backtest: { service: "odum-backend" }, live: { service: "odum-live-backend" } };
    stubHealth(answers);
    const { result } = renderHook(() => useServiceDetection(), { wrapper });
    await waitFor(() => expect(result.current.services.live.up).toBe(true));
    act(() => {
      answers.live = "down";
    });
    await waitFor(() => expect(result.current.lost).toEqual(["live"]));
    expect(result.current.services.live.up).toBe(false);
    act(() => {
      answers.live = { service: "odum-live-backend" };
    });
    await waitFor(() => expect(result.current.lost).toEqual([]));
    expect(result.current.services.live.up).toBe(true);
  });
});
