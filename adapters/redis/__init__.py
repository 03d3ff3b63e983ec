"""Redis adapters: connection settings, health probe, event streams for the strategy-service."""
