"""Reading a Prometheus exposition back: the value of one series, by name and labels."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float | None:
    """The sample `name{labels}`, or None when the service does not expose it."""
    return samples(text).get((name, frozenset(labels.items())))


def families(text: str) -> set[str]:
    """Every metric family name (`odum_orders`, `odum_order_stage_seconds`...)."""
    return {family.name for family in text_string_to_metric_families(text)}
