// Routes: /status and /settings always; backtest and live pages only while their service answers.
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { useServiceDetection } from "./hooks/useServiceDetection";
import { Layout } from "./Layout";
import { BacktestsPage } from "./pages/BacktestsPage";
import { LiveOrdersPage } from "./pages/LiveOrdersPage";
import { PositionsPage } from "./pages/PositionsPage";
import { ReconciliationPage } from "./pages/ReconciliationPage";
import { RiskPage } from "./pages/RiskPage";
import { SettingsPage } from "./pages/SettingsPage";
import { StatusPage } from "./pages/StatusPage";
import { VenuesPage } from "./pages/VenuesPage";

// The chart pages load lightweight-charts on first use: the first paint does not wait for it.
const BacktestRunPage = lazy(() => import("./pages/BacktestRunPage").then((m) => ({ default: m.BacktestRunPage })));
const ComparePage = lazy(() => import("./pages/ComparePage").then((m) => ({ default: m.ComparePage })));
const loading = <p className="muted">loading…</p>;

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
            <Route path="backtests/compare" element={<Suspense fallback={loading}><ComparePage /></Suspense>} />
            <Route path="backtests/:runId" element={<Suspense fallback={loading}><BacktestRunPage /></Suspense>} />
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
