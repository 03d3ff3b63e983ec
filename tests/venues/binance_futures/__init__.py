"""A Binance USD-M futures emulator (REST, market streams, user-data stream) on loopback."""
