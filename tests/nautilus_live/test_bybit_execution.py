"""How the Bybit execution client words a refusal NautilusTrader's REST client raised."""

from __future__ import annotations

import pytest

from adapters.nautilus.live.bybit_execution import coded_refusal


@pytest.mark.parametrize(
    ("raised", "reason"),
    [
        ("Bybit error 110007: ab not enough for new order", "110007: ab not enough for new order"),
        ("Bybit error 10006: Too many visits. Exceeded the API Rate Limit.",
         "10006: Too many visits. Exceeded the API Rate Limit."),
        ("Bybit error 10001: params error: qty\ninvalid", "10001: params error: qty\ninvalid"),
    ],
)  # fmt: skip
def test_a_definite_refusal_is_its_code_and_message(raised: str, reason: str) -> None:
    assert coded_refusal(raised) == reason


@pytest.mark.parametrize(
    "raised",
    [
        "Bybit error 10016: Server error",  # the order may have been placed
        "Bybit error 10000: Server Timeout",
        "error sending request for url (http://127.0.0.1:1/v5/order/create)",
        "Order rejected: ab not enough for new order",
    ],
)
def test_what_may_have_placed_the_order_is_left_to_reconciliation(raised: str) -> None:
    assert coded_refusal(raised) is None
