"""Execution: the orchestrator with its circuit breakers, retries and venue registry."""
