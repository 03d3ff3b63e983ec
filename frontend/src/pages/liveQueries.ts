// Queries of the live service; the event stream refreshes them instead of tight polling.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type LiveFill, type PnlReport, request } from "../api/client";
import { subscribe } from "../api/events";

export interface LiveOrder {
  operation_id: string;
  instrument_key: string;
  side: string;
  order_type: string;
  quantity: string;
  price: string | null;
  filled_quantity: string;
  avg_fill_price: string | null;
  status: string;
  venue: string | null;
  strategy_id: string;
  rejection_reason: string | null;
  error_message: string | null;
  created_at: string;
}

export interface Venue {
  venue_id: string;
  kind: string;
  connected: boolean;
  breaker: string;
  consecutive_failures: number;
  instruments: string[];
  last_event_at: string | null;
  events_applied: number;
  reconnects: number | null;
  last_error: string | null;
}

export interface Position {
  instrument_key: string;
  quantity: string;
  average_entry_price: string;
  current_price: string | null;
  unrealized_pnl: string;
  realized_pnl: string;
  fees: string;
}

export const OPEN = ["PENDING", "SUBMITTED", "ACCEPTED", "PARTIALLY_FILLED"];
const SLOW = 15_000; // a fallback refresh: the event stream drives updates

export const useOrders = () =>
  useQuery({ queryKey: ["live", "orders"], queryFn: () => request<LiveOrder[]>("live", "/api/orders?limit=500"), refetchInterval: SLOW });
export const useFills = () =>
  useQuery({ queryKey: ["live", "fills"], queryFn: () => request<LiveFill[]>("live", "/api/fills?limit=500"), refetchInterval: SLOW });
export const usePositions = () =>
  useQuery({ queryKey: ["live", "positions"], queryFn: () => request<Position[]>("live", "/api/positions"), refetchInterval: SLOW });
export const usePnl = () =>
  useQuery({ queryKey: ["live", "pnl"], queryFn: () => request<PnlReport>("live", "/api/pnl"), refetchInterval: SLOW });
export const useVenues = () =>
  useQuery({ queryKey: ["live", "venues"], queryFn: () => request<Venue[]>("live", "/api/venues"), refetchInterval: SLOW });

const REFRESHES: Record<string, string[][]> = {
  order: [["live", "orders"]],
  fill: [["live", "fills"], ["live", "pnl"]],
  position: [["live", "positions"], ["live", "pnl"]],
  venues: [["live", "venues"]],
  lagged: [["live"]],
};

/** Subscribes to /api/events while mounted; returns whether the stream is connected. */
export function useLiveEvents(): boolean {
  const queries = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const stop = new AbortController();
    subscribe(
      "live",
      (event) => {
        setConnected(true);
        for (const key of REFRESHES[event.event] ?? []) void queries.invalidateQueries({ queryKey: key });
      },
      stop.signal,
    );
    return () => stop.abort();
  }, [queries]);
  return connected;
}
