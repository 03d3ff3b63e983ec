"""Health probes the application owns (the buckets)."""

from application.health.bucket_probe import BucketProbe

__all__ = [
    "BucketProbe",
]
