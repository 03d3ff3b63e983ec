"""The order API's protobuf form (`application/x-protobuf`): same fields as the JSON."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format
from google.protobuf.message import DecodeError

from entrypoints.http.messages import BadRequest
from entrypoints.proto import odum_orders_pb2 as pb

PROTOBUF = "application/x-protobuf"
_DEFAULTS = {"order_type": "MARKET", "time_in_force": "GTC", "exec_algorithm": "NORMAL"}


def wants_protobuf(content_type: str | None, accept: str | None) -> bool:
    return PROTOBUF in (accept or "") or (content_type or "").startswith(PROTOBUF)


def order_fields(body: bytes) -> dict[str, Any]:
    """Decode an `Order` into the JSON message's fields (empty strings mean 'not given')."""
    message = pb.Order()
    try:
        message.ParseFromString(body)
    except DecodeError as error:
        raise BadRequest([f"(body): not a protobuf Order message: {error}"]) from None
    try:
        fields = json_format.MessageToDict(message, preserving_proto_field_name=True)
    except (json_format.Error, ValueError) as error:
        raise BadRequest([f"exec_algorithm_params: {error}"]) from None
    for name, default in _DEFAULTS.items():
        fields.setdefault(name, default)
    fields.setdefault("strategy_id", "default")
    return fields


def result_bytes(result: dict[str, Any]) -> bytes:
    """Encode the JSON result dict as an `ExecutionResult`."""
    message = pb.ExecutionResult(operation_id=result["operation_id"], status=result["status"])
    for name in ("venue", "error_message", "rejection_code"):
        if result.get(name) is not None:
            setattr(message, name, result[name])
    for fill in result["fills"]:
        message.fills.add(**{k: v for k, v in fill.items() if k in _FILL_FIELDS})
    return message.SerializeToString()


_FILL_FIELDS = {f.name for f in pb.Fill.DESCRIPTOR.fields}
