"""OKX's error answers: `{"code": "1", "msg": "...", "data": [{"sCode": "51008", "sMsg": ...}]}`."""

from __future__ import annotations

from tests.venues.binance_futures.errors import BinanceApiError


class OkxApiError(Exception):
    """An error as OKX words it: a code (`51008`), its message and the HTTP status it uses.

    `per_order` errors are answered inside `data` (`sCode`/`sMsg`, the envelope saying
    `code` "1" "Operation failed."); the others are the envelope's own `code`/`msg`."""

    def __init__(self, code: str, msg: str, status: int = 200, *, per_order: bool = True) -> None:
        super().__init__(f"{code} {msg}")
        self.code, self.msg, self.status, self.per_order = code, msg, status, per_order


def _envelope(code: str, msg: str, status: int) -> OkxApiError:
    return OkxApiError(code, msg, status, per_order=False)


def parameter_error(name: str) -> OkxApiError:
    return OkxApiError("51000", f"Parameter {name} error")


def instrument_unknown() -> OkxApiError:
    return OkxApiError("51001", "Instrument ID or Spread ID doesn't exist.")


def insufficient_margin() -> OkxApiError:
    return OkxApiError("51008", "Order failed. Insufficient USDT margin in account")


def duplicated_client_order_id() -> OkxApiError:
    return OkxApiError("51016", "Duplicated clOrdId")


def lot_size() -> OkxApiError:
    return OkxApiError("51121", "Order quantity must be a multiple of the lot size.")


def cancel_failed() -> OkxApiError:
    return OkxApiError(
        "51400",
        "Order cancellation failed as the order has been filled, canceled or does not exist.",
    )


def amend_failed() -> OkxApiError:
    return OkxApiError("51503", "Order modification failed as the order does not exist.")


def order_does_not_exist() -> OkxApiError:
    return OkxApiError("51603", "Order does not exist")


def too_many_requests() -> OkxApiError:
    return _envelope("50011", "Too Many Requests", 429)


def system_error() -> OkxApiError:
    return _envelope("50026", "System error. Try again later.", 500)


def timestamp_expired() -> OkxApiError:
    return _envelope("50102", "Timestamp request expired", 401)


def passphrase_incorrect() -> OkxApiError:
    return _envelope("50105", "Request header OK-ACCESS-PASSPHRASE incorrect.", 401)


def invalid_key() -> OkxApiError:
    return _envelope("50111", "Invalid OK-ACCESS-KEY.", 401)


def invalid_sign() -> OkxApiError:
    return _envelope("50113", "Invalid Sign.", 401)


def unknown_endpoint(path: str) -> OkxApiError:
    return _envelope("50000", f"Body can not be empty or {path} is not an endpoint", 404)


# The matching engine is the Binance emulator's; its refusals as OKX words them.
_FROM_BINANCE = {
    -2019: insufficient_margin,
    -2011: cancel_failed,
    -2013: order_does_not_exist,
    -4116: duplicated_client_order_id,
    -1121: instrument_unknown,
    -1111: lot_size,
}


def from_binance(error: BinanceApiError) -> OkxApiError:
    translate = _FROM_BINANCE.get(error.code)
    return translate() if translate is not None else OkxApiError("51000", error.msg)
