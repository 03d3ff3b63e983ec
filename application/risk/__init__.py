"""Pre-trade risk: the engine, its running exposure and velocity counters."""
