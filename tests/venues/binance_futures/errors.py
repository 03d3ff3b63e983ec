"""Binance's error answers: `{"code": -2011, "msg": "..."}` with the HTTP status it uses."""

from __future__ import annotations


class BinanceApiError(Exception):
    """An error answer as Binance sends it (negative code, message, HTTP status)."""

    def __init__(self, code: int, msg: str, status: int = 400) -> None:
        super().__init__(f"{code} {msg}")
        self.code, self.msg, self.status = code, msg, status

    def body(self) -> dict[str, object]:
        return {"code": self.code, "msg": self.msg}


def timestamp_outside_window() -> BinanceApiError:
    return BinanceApiError(-1021, "Timestamp for this request is outside of the recvWindow.")


def bad_signature() -> BinanceApiError:
    return BinanceApiError(-1022, "Signature for this request is not valid.")


def bad_api_key() -> BinanceApiError:
    return BinanceApiError(-2015, "Invalid API-key, IP, or permissions for action.", 401)


def too_many_requests() -> BinanceApiError:
    return BinanceApiError(
        -1003, "Too many requests; current limit is 2400 requests per minute.", 429
    )


def margin_insufficient() -> BinanceApiError:
    return BinanceApiError(-2019, "Margin is insufficient.")


def unknown_order() -> BinanceApiError:
    return BinanceApiError(-2011, "Unknown order sent.")


def order_does_not_exist() -> BinanceApiError:
    return BinanceApiError(-2013, "Order does not exist.")


def bad_parameter(name: str) -> BinanceApiError:
    return BinanceApiError(
        -1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed."
    )


def invalid_listen_key() -> BinanceApiError:
    return BinanceApiError(-1125, "This listenKey does not exist.")
