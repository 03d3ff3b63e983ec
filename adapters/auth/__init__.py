"""API keys with roles: hashed key rings loaded from the environment or a file."""
