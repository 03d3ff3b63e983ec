"""Protobuf messages of the order API (generated from odum_orders.proto)."""
