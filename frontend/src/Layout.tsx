// Navigation (only the pages of services that answer) and the lost-service banner.
import { NavLink, Outlet } from "react-router-dom";
import type { Detection } from "./hooks/useServiceDetection";

const LABELS = { backtest: "odum-backend (backtests)", live: "odum-live-backend (live)" };

export function Layout({ detection }: { detection: Detection }) {
  const { services, lost } = detection;
  return (
    <div className="layout">
      <header>
        <strong>odum-execution</strong>
        <nav aria-label="main">
          <NavLink to="/status">Status</NavLink>
          {services.backtest.up && <NavLink to="/backtests">Backtests</NavLink>}
          {services.live.up && (
            <>
              <NavLink to="/live" end>
                Orders
              </NavLink>
              <NavLink to="/live/positions">Positions</NavLink>
              <NavLink to="/live/venues">Venues</NavLink>
              <NavLink to="/live/risk">Risk</NavLink>
              <NavLink to="/live/reconciliation">Reconciliation</NavLink>
            </>
          )}
          <NavLink to="/settings">API key</NavLink>
        </nav>
      </header>
      {lost.map((name) => (
        <div key={name} role="alert" className="banner">
          {LABELS[name]} stopped answering: its pages are hidden until it is back.
        </div>
      ))}
      <main>
        <Outlet />
      </main>
    </div>
  );
}
