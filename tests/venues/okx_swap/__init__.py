"""An OKX v5 swap (USDT-margined linear perpetual) emulator on loopback, for NautilusTrader."""
