"""Benchmarks: plain scripts printing figures (never timed assertions in tests)."""
