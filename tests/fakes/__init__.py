"""Small real fakes of outside systems, for tests (no mocks with scripted answers)."""
