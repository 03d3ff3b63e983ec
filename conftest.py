"""Top-level pytest configuration: loads infrastructure plugins and the BDD step modules."""

# Each helper module registers fixtures; add one line per new plugin module.
pytest_plugins: list[str] = [
    "features.steps.given",
    "features.steps.when",
    "features.steps.then",
]
