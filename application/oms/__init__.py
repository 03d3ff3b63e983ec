"""Unified order management: the order store, tracking after submission, venue event pump, ids."""
