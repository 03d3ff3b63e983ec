"""Structured logs: structlog over the standard logging, JSON lines or a console for humans."""
