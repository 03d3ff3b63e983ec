"""Run records: ids, bucket layout, writer, reader, summary, metrics, PnL and execution stats."""
