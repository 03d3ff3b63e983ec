"""Step definitions, split into given / when / then."""
