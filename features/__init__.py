"""Living specification: pytest-bdd features run on the test profile."""
