"""Google Cloud Storage object store (the primary adapter of CONTRACTS §2)."""
