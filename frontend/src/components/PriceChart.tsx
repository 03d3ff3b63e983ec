// Mark price of each instrument over the run (from position snapshots) with fills marked.
import { createChart, createSeriesMarkers, LineSeries, type SeriesMarker, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";
import type { BacktestSchemas } from "../api/client";
import { toPoints } from "./charts";

type Position = BacktestSchemas["RunPosition"];
type Fill = BacktestSchemas["RunFill"];

export function PriceChart({ positions, fills }: { positions: Position[]; fills: Fill[] }) {
  const box = useRef<HTMLDivElement>(null);
  const instrument = fills[0]?.instrument_key ?? positions[0]?.instrument_key ?? "";
  const prices = toPoints(
    positions.filter((p) => p.instrument_key === instrument),
    (p) => p.ts_event,
    (p) => p.current_price,
  );
  const marked = fills.filter((f) => f.instrument_key === instrument);
  useEffect(() => {
    if (!box.current) return;
    const chart = createChart(box.current, { height: 260, autoSize: true });
    const series = chart.addSeries(LineSeries, { color: "#555", lineWidth: 1, title: instrument });
    series.setData(prices);
    const markers: SeriesMarker<UTCTimestamp>[] = marked
      .map((f) => ({
        time: Math.floor(f.ts_event / 1e9) as UTCTimestamp,
        position: f.side === "BUY" ? ("belowBar" as const) : ("aboveBar" as const),
        color: f.side === "BUY" ? "#17803d" : "#b42318",
        shape: f.side === "BUY" ? ("arrowUp" as const) : ("arrowDown" as const),
        text: `${f.side} ${f.quantity}@${f.price}`,
      }))
      .sort((a, b) => a.time - b.time);
    createSeriesMarkers(series, markers);
    chart.timeScale().fitContent();
    return () => chart.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [positions, fills]);
  return (
    <figure>
      <div ref={box} className="chart" data-testid="price-chart" data-fills={marked.length} />
      <figcaption className="muted">
        {instrument || "no instrument"}: price with {marked.length} fills
      </figcaption>
    </figure>
  );
}
