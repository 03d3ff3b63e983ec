"""Live trading runs: their records, kept from order events and written periodically."""
