"""Local-directory object store: the explicit fallback laid out like the buckets."""
