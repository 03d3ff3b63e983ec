"""HTTP entry points (Litestar apps)."""
