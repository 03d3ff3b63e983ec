"""Tests that need a real PostgreSQL server (tests.plugins.postgres_server)."""
