"""Bybit's error answers: `{"retCode": 110007, "retMsg": "...", "result": {}}` (HTTP 200)."""

from __future__ import annotations

from tests.venues.binance_futures.errors import BinanceApiError


class BybitApiError(Exception):
    """An error answer as Bybit sends it: a non-zero `retCode` and its `retMsg`."""

    def __init__(self, code: int, msg: str, status: int = 200) -> None:
        super().__init__(f"{code} {msg}")
        self.code, self.msg, self.status = code, msg, status


def bad_parameter(name: str) -> BybitApiError:
    return BybitApiError(10001, f"params error: {name} invalid")


def timestamp_outside_window(request_ms: int, server_ms: int, window: int) -> BybitApiError:
    return BybitApiError(
        10002,
        "invalid request, please check your server timestamp or recv_window param. "
        f"req_timestamp[{request_ms}],server_timestamp[{server_ms}],recv_window[{window}]",
    )


def bad_api_key() -> BybitApiError:
    return BybitApiError(10003, "API key is invalid.", 401)


def bad_signature(origin: str) -> BybitApiError:
    return BybitApiError(10004, f"error sign! origin_string[{origin}]")


def too_many_visits() -> BybitApiError:
    return BybitApiError(10006, "Too many visits. Exceeded the API Rate Limit.")


def server_error() -> BybitApiError:
    return BybitApiError(10016, "Internal server error.")


def order_not_exists() -> BybitApiError:
    return BybitApiError(110001, "order not exists or too late to cancel")


def insufficient_balance() -> BybitApiError:
    return BybitApiError(110007, "ab not enough for new order")


def duplicate_order_link_id() -> BybitApiError:
    return BybitApiError(110072, "OrderLinkedID is duplicate")


def unknown_symbol() -> BybitApiError:
    return BybitApiError(10001, "params error: symbol invalid")


# The matching engine is the Binance emulator's; its refusals as Bybit words them.
_FROM_BINANCE = {
    -2019: insufficient_balance,
    -2011: order_not_exists,
    -2013: order_not_exists,
    -4116: duplicate_order_link_id,
    -1121: unknown_symbol,
}


def from_binance(error: BinanceApiError) -> BybitApiError:
    translate = _FROM_BINANCE.get(error.code)
    if translate is not None:
        return translate()
    if error.code == -1111:
        return BybitApiError(10001, "params error: Qty or Price invalid (precision)")
    return BybitApiError(10001, f"params error: {error.msg}")
