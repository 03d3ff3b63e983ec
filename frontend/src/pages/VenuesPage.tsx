// Venues with connection and circuit-breaker state (refreshed by the `venues` event).
import { DataTable } from "../components/DataTable";
import { useLiveEvents, useVenues, type Venue } from "./liveQueries";

export function VenuesPage() {
  useLiveEvents();
  const venues = useVenues().data ?? [];
  return (
    <section>
      <h1>Venues</h1>
      <DataTable<Venue>
        testId="venues"
        rows={venues}
        rowKey={(v) => v.venue_id}
        columns={[
          { key: "venue", label: "venue", value: (v) => v.venue_id },
          { key: "kind", label: "kind", value: (v) => v.kind },
          {
            key: "connected",
            label: "connection",
            value: (v) => (v.connected ? "connected" : "disconnected"),
            render: (v) => <span className={v.connected ? "up" : "down"}>{v.connected ? "connected" : "disconnected"}</span>,
          },
          {
            key: "breaker",
            label: "breaker",
            value: (v) => v.breaker,
            render: (v) => <span className={v.breaker === "CLOSED" ? "up" : "down"}>{v.breaker}</span>,
          },
          { key: "failures", label: "failures", value: (v) => v.consecutive_failures },
          { key: "events", label: "events", value: (v) => v.events_applied },
          { key: "last", label: "last event", value: (v) => v.last_event_at },
          { key: "error", label: "last error", value: (v) => v.last_error },
        ]}
      />
    </section>
  );
}
