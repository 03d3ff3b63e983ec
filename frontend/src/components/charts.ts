// Chart data shaping, kept apart from the canvas so it can be unit tested.
import type { UTCTimestamp } from "lightweight-charts";

export interface Point {
  time: UTCTimestamp;
  value: number;
}

/** ns since epoch -> chart points in seconds, strictly increasing (the last value of a second). */
export function toPoints<T>(rows: T[], ts: (row: T) => number, value: (row: T) => number): Point[] {
  const bySecond = new Map<number, number>();
  for (const row of rows) bySecond.set(Math.floor(ts(row) / 1e9), value(row));
  return [...bySecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([time, v]) => ({ time: time as UTCTimestamp, value: v }));
}
