"""Importers of real market data (Tardis CSV, Binance WebSocket) into the CONTRACTS layout."""
