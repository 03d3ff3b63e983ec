// Equity curve (top pane) and drawdown in percent (bottom pane) with lightweight-charts.
import { AreaSeries, createChart, LineSeries } from "lightweight-charts";
import { useEffect, useRef } from "react";
import type { EquityPoint } from "../api/client";
import { toPoints } from "./charts";

export function EquityChart({ points, label }: { points: EquityPoint[]; label?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const equity = toPoints(points, (p) => p.ts_event, (p) => p.portfolio_value);
  const drawdown = toPoints(points, (p) => p.ts_event, (p) => p.drawdown_pct);
  useEffect(() => {
    if (!box.current) return;
    const chart = createChart(box.current, { height: 320, autoSize: true });
    chart.addSeries(LineSeries, { color: "#2962ff", lineWidth: 2, title: "equity" }).setData(equity);
    chart
      .addSeries(AreaSeries, { lineColor: "#b42318", topColor: "#b4231833", bottomColor: "#b4231811", title: "drawdown %" }, 1)
      .setData(drawdown);
    chart.timeScale().fitContent();
    return () => chart.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [points]);
  return (
    <figure>
      <div ref={box} className="chart" data-testid="equity-chart" data-points={equity.length} />
      <figcaption className="muted">
        {label ?? "equity"}: {equity.length} points
      </figcaption>
    </figure>
  );
}
