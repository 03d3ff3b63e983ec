// The headline figures of a run's summary.json: PnL, metrics and execution stats.
type Summary = Record<string, unknown>;

const FIGURES: [string, string, string][] = [
  ["pnl", "net_pnl", "net PnL"],
  ["pnl", "gross_pnl", "gross PnL"],
  ["pnl", "total_fees", "fees"],
  ["metrics", "sharpe_ratio", "Sharpe"],
  ["metrics", "sortino_ratio", "Sortino"],
  ["metrics", "max_drawdown_pct", "max drawdown %"],
  ["metrics", "win_rate", "win rate"],
  ["metrics", "profit_factor", "profit factor"],
  ["metrics", "total_trades", "trades"],
  ["execution_stats", "orders", "orders"],
  ["execution_stats", "fills", "fills"],
  ["execution_stats", "fill_rate", "fill rate"],
  ["execution_stats", "avg_slippage_bps", "slippage bps"],
  ["execution_stats", "bytes_read", "bytes read"],
];

export function figure(summary: Summary, group: string, key: string): string {
  const value = (summary[group] as Record<string, unknown> | undefined)?.[key];
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(4);
  return value === undefined || value === null ? "–" : String(value);
}

export function SummaryFigures({ summary }: { summary: Summary }) {
  return (
    <div className="figures" data-testid="summary">
      {FIGURES.map(([group, key, label]) => (
        <div key={`${group}.${key}`}>
          <span className="muted">{label}</span>
          <b>{figure(summary, group, key)}</b>
        </div>
      ))}
    </div>
  );
}

export { FIGURES };
