// Routes: /status and /settings always; backtest and live pages only while their service answers.
import { Navigate, Route, Routes } from "react-router-dom";
import { useServiceDetection } from "./hooks/useServiceDetection";
import { Layout } from "./Layout";
import { BacktestsPage } from "./pages/BacktestsPage";
import { BacktestRunPage } from "./pages/BacktestRunPage";
import { ComparePage } from "./pages/ComparePage";
import { LiveOrdersPage } from "./pages/LiveOrdersPage";
import { PositionsPage } from "./pages/PositionsPage";
import { ReconciliationPage } from "./pages/ReconciliationPage";
import { RiskPage } from "./pages/RiskPage";
import { SettingsPage } from "./pages/SettingsPage";
import { StatusPage } from "./pages/StatusPage";
import { VenuesPage } from "./pages/VenuesPage";

function Unavailable() {
  return <p className="muted">This page's service is not answering (see Status).</p>;
}

export function App() {
  const detection = useServiceDetection();
  const { backtest, live } = detection.services;
  return (
    <Routes>
      <Route element={<Layout detection={detection} />}>
        <Route index element={<Navigate to="/status" replace />} />
        <Route path="status" element={<StatusPage detection={detection} />} />
        <Route path="settings" element={<SettingsPage />} />
        {backtest.up && (
          <>
            <Route path="backtests" element={<BacktestsPage />} />
            <Route path="backtests/compare" element={<ComparePage />} />
            <Route path="backtests/:runId" element={<BacktestRunPage />} />
          </>
        )}
        {live.up && (
          <>
            <Route path="live" element={<LiveOrdersPage />} />
            <Route path="live/positions" element={<PositionsPage />} />
            <Route path="live/venues" element={<VenuesPage />} />
            <Route path="live/risk" element={<RiskPage />} />
            <Route path="live/reconciliation" element={<ReconciliationPage />} />
          </>
        )}
        <Route path="*" element={<Unavailable />} />
      </Route>
    </Routes>
  );
}
