"""Prometheus adapter of the metrics port: one registry per container, text exposition."""
