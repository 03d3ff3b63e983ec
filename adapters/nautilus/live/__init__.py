"""NautilusTrader live venues: one TradingNode hosting Binance, Bybit and OKX (or the sandbox)."""
