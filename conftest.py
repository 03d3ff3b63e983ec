"""Top-level pytest configuration: loads infrastructure plugins and the BDD step modules."""

# Each helper module registers fixtures; add one line per new plugin module.
pytest_plugins: list[str] = [
    "tests.plugins.deribit_fake",
    "tests.plugins.postgres_server",
    "tests.plugins.gcs_emulator",
    "tests.plugins.redis_server",
    "tests.plugins.logging_state",
    "features.steps.given",
    "features.steps.when",
    "features.steps.then",
    "features.steps.position_steps",
    "features.steps.algorithm_steps",
    "features.steps.deribit_steps",
    "features.steps.sandbox_steps",
    "features.steps.parity_steps",
    "features.steps.any_world_steps",
]
