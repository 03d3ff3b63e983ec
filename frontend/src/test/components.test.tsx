import { fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { authHeaders, KEY_STORAGE, request, setApiKey, setUiConfig } from "../api/client";
import { parseFrames } from "../api/events";
import { toPoints } from "../components/charts";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { DataTable } from "../components/DataTable";
import { Layout } from "../Layout";
import type { Detection, ServiceState } from "../hooks/useServiceDetection";
import { classify } from "../pages/StatusPage";

const rows = [
  { id: "a", side: "BUY", price: 10 },
  { id: "b", side: "SELL", price: 9 },
  { id: "c", side: "BUY", price: 100 },
];
const columns = [
  { key: "id", label: "id", value: (r: (typeof rows)[0]) => r.id },
  { key: "side", label: "side", value: (r: (typeof rows)[0]) => r.side },
  { key: "price", label: "price", value: (r: (typeof rows)[0]) => r.price },
];

function cellsOf(column: number): string[] {
  return screen.getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell")[column].textContent ?? "");
}

describe("DataTable", () => {
  it("sorts numerically by a clicked column, descending on the second click", () => {
    render(<DataTable rows={rows} columns={columns} rowKey={(r) => r.id} />);
    fireEvent.click(screen.getByText("price"));
    expect(cellsOf(2)).toEqual(["9", "10", "100"]);
    fireEvent.click(screen.getByText(/price/));
    expect(cellsOf(2)).toEqual(["100", "10", "9"]);
  });

  it("filters rows by any column's text", () => {
    render(<DataTable rows={rows} columns={columns} rowKey={(r) => r.id} />);
    fireEvent.change(screen.getByLabelText("filter rows"), { target: { value: "sell" } });
    expect(cellsOf(0)).toEqual(["b"]);
    expect(screen.getByText(/1 of 3/)).toBeInTheDocument();
  });

  it("shows markup in data as text, never as HTML", () => {
    const evil = [{ id: "<img src=x onerror=alert(1)>", side: "BUY", price: 1 }];
    const { container } = render(<DataTable rows={evil} columns={columns} rowKey={(r) => r.id} />);
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
  });
});

describe("ConfirmDialog", () => {
  it("confirms or cancels and renders nothing when closed", () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const { rerender } = render(
      <ConfirmDialog open title="Halt?" message="every order refused" confirmLabel="Yes, HALTED" onConfirm={onConfirm} onCancel={onCancel} />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Yes, HALTED" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
    rerender(<ConfirmDialog open={false} title="Halt?" message="" confirmLabel="Yes" onConfirm={onConfirm} onCancel={onCancel} />);
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

function detection(backtest: boolean, live: boolean, lost: Detection["lost"] = []): Detection {
  const state = (name: "backtest" | "live", up: boolean): ServiceState => ({ name, up, checked: true, latencyMs: up ? 3 : null, error: null });
  return { services: { backtest: state("backtest", backtest), live: state("live", live) }, lost };
}

describe("Layout", () => {
  it("links only the pages of the services that answer", () => {
    render(
      <MemoryRouter>
        <Layout detection={detection(true, false)} />
      </MemoryRouter>,
    );
    const links = screen.getAllByRole("link").map((a) => a.textContent);
    expect(links).toContain("Backtests");
    expect(links).not.toContain("Orders");
    expect(links).not.toContain("Risk");
  });

  it("shows a banner for a service that went away", () => {
    render(
      <MemoryRouter>
        <Layout detection={detection(true, false, ["live"])} />
      </MemoryRouter>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("odum-live-backend (live) stopped answering");
  });
});

describe("health states", () => {
  it("shows not_used (or configured: false) grey, never healthy", () => {
    expect(classify(true, { status: "not_used" })).toBe("not_used");
    expect(classify(true, { status: "healthy", configured: false })).toBe("not_used");
    expect(classify(true, { status: "healthy" })).toBe("healthy");
    expect(classify(false, { status: "unhealthy", error: "down" })).toBe("unhealthy");
  });
});

describe("client", () => {
  it("sends the API key from sessionStorage as a bearer token to the configured base", async () => {
    setUiConfig({ service: "backtest", services: { backtest: "", live: "/svc/live" }, poll_seconds: 30 });
    expect(authHeaders()).toEqual({});
    setApiKey("k-123");
    expect(sessionStorage.getItem(KEY_STORAGE)).toBe("k-123");
    const seen: [string, Record<string, string>][] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      seen.push([url, init.headers as Record<string, string>]);
      return new Response(JSON.stringify({ status_code: 400, error: "invalid request", problems: ["limit: bad"] }), { status: 400 });
    });
    await expect(request("live", "/api/fills?limit=0")).rejects.toMatchObject({ status: 400, problems: ["limit: bad"] });
    expect(seen[0][0]).toBe("/svc/live/api/fills?limit=0");
    expect(seen[0][1].Authorization).toBe("Bearer k-123");
    vi.unstubAllGlobals();
  });
});

describe("event stream frames", () => {
  it("parses complete frames, skips comments and keeps the unfinished rest", () => {
    const { events, rest } = parseFrames('event: order\ndata: {"status":"ACCEPTED"}\n\n: keep-alive\n\nevent: fill\ndata: {"q"');
    expect(events).toEqual([{ event: "order", data: { status: "ACCEPTED" } }]);
    expect(rest).toBe('event: fill\ndata: {"q"');
  });
});

describe("chart points", () => {
  it("turns ns timestamps into strictly increasing seconds, last value of a second", () => {
    const points = toPoints(
      [
        { ts: 2_000_000_000, v: 2 },
        { ts: 1_000_000_000, v: 1 },
        { ts: 1_500_000_000, v: 1.5 },
      ],
      (r) => r.ts,
      (r) => r.v,
    );
    expect(points).toEqual([
      { time: 1, value: 1.5 },
      { time: 2, value: 2 },
    ]);
  });
});

describe("DataTable pages", () => {
  it("shows pageSize rows per page and moves between pages", () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, side: "BUY", price: i }));
    render(<DataTable rows={many} columns={columns} rowKey={(r) => r.id} pageSize={3} />);
    expect(cellsOf(0)).toEqual(["r0", "r1", "r2"]);
    fireEvent.click(screen.getByRole("button", { name: "next ›" }));
    expect(cellsOf(0)).toEqual(["r3", "r4", "r5"]);
    expect(screen.getByText(/page 2 of 3/)).toBeInTheDocument();
  });
});

describe("backtest launch config", () => {
  it("sends a config name, never a server path", async () => {
    const { configReference } = await import("../pages/BacktestsPage");
    expect(configReference("backtest.sample")).toEqual({ config_name: "backtest.sample" });
    expect(configReference("config/backtest.sample.json")).toEqual({ config_name: "backtest.sample" });
    expect(configReference("/etc/shadow")).toEqual({ config_name: "shadow" });
  });
});
