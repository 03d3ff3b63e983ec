"""Health of the dependencies a service needs."""
