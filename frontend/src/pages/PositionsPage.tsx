// Positions with PnL, and the PnL totals.
import { DataTable } from "../components/DataTable";
import { type Position, useLiveEvents, usePnl, usePositions } from "./liveQueries";

export function PositionsPage() {
  useLiveEvents();
  const positions = usePositions().data ?? [];
  const pnl = usePnl().data;
  return (
    <section>
      <h1>Positions</h1>
      {pnl && (
        <div className="figures" data-testid="pnl">
          <div><span className="muted">realized</span><b>{pnl.realized_pnl}</b></div>
          <div><span className="muted">unrealized</span><b>{pnl.unrealized_pnl}</b></div>
          <div><span className="muted">fees</span><b>{pnl.fees}</b></div>
          <div><span className="muted">net</span><b>{pnl.net_pnl}</b></div>
        </div>
      )}
      <DataTable<Position>
        testId="positions"
        rows={positions}
        rowKey={(p) => p.instrument_key}
        columns={[
          { key: "instrument", label: "instrument", value: (p) => p.instrument_key },
          { key: "qty", label: "quantity", value: (p) => p.quantity },
          { key: "entry", label: "avg entry", value: (p) => p.average_entry_price },
          { key: "mark", label: "mark", value: (p) => p.current_price },
          { key: "upnl", label: "unrealized", value: (p) => p.unrealized_pnl },
          { key: "rpnl", label: "realized", value: (p) => p.realized_pnl },
          { key: "fees", label: "fees", value: (p) => p.fees },
        ]}
      />
    </section>
  );
}
