"""A Bybit v5 linear (USDT perpetual) exchange emulator on loopback, for NautilusTrader."""
