"""A small Thrift compact-protocol codec: parquet footers and page indexes, read and rewritten."""

from __future__ import annotations

import struct
from typing import Any

import attrs

STOP, TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(13)
_INTS = (BYTE, I16, I32, I64)


class ThriftError(ValueError):
    """Bytes that are not a well-formed compact-protocol struct."""


@attrs.define
class TList:
    """A list or set with the wire type of its elements."""

    element_type: int
    values: list[Any]


@attrs.define
class TMap:
    """A map with the wire types of its keys and values."""

    key_type: int
    value_type: int
    items: list[tuple[Any, Any]]


# A struct is {field id: (wire type, value)}; booleans carry TRUE as their type.
TStruct = dict[int, tuple[int, Any]]


def field(struct_: TStruct, field_id: int, default: Any = None) -> Any:
    """The value of a field, or `default` when it is absent."""
    entry = struct_.get(field_id)
    return default if entry is None else entry[1]


def decode_struct(data: bytes | memoryview, offset: int = 0) -> tuple[TStruct, int]:
    """The struct starting at `offset` and the offset just past it."""
    try:
        return _Decoder(memoryview(data), offset).struct()
    except (IndexError, struct.error) as error:
        raise ThriftError(f"truncated thrift struct at byte {offset}") from error


def encode_struct(value: TStruct) -> bytes:
    out = bytearray()
    _encode_struct(out, value)
    return bytes(out)


class _Decoder:
    def __init__(self, data: memoryview, offset: int) -> None:
        self.data, self.pos = data, offset

    def byte(self) -> int:
        value = self.data[self.pos]
        self.pos += 1
        return value

    def varint(self) -> int:
        shift = result = 0
        while True:
            byte = self.byte()
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7
            if shift > 70:
                raise ThriftError(f"varint too long at byte {self.pos}")

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def struct(self) -> tuple[TStruct, int]:
        fields: TStruct = {}
        last_id = 0
        while True:
            header = self.byte()
            if header == STOP:
                return fields, self.pos
            delta, wire_type = header >> 4, header & 0x0F
            field_id = last_id + delta if delta else self.zigzag()
            if wire_type in (TRUE, FALSE):
                fields[field_id] = (TRUE, wire_type == TRUE)
            else:
                fields[field_id] = (wire_type, self.value(wire_type))
            last_id = field_id

    def value(self, wire_type: int) -> Any:
        if wire_type in _INTS:
            return (
                self.zigzag() if wire_type != BYTE else struct.unpack("b", bytes([self.byte()]))[0]
            )
        if wire_type in (TRUE, FALSE):
            return self.byte() == TRUE
        if wire_type == DOUBLE:
            (number,) = struct.unpack_from("<d", self.data, self.pos)
            self.pos += 8
            return number
        if wire_type == BINARY:
            length = self.varint()
            if self.pos + length > len(self.data):
                raise ThriftError(f"binary field runs past the end at byte {self.pos}")
            chunk = bytes(self.data[self.pos : self.pos + length])
            self.pos += length
            return chunk
        if wire_type in (LIST, SET):
            header = self.byte()
            size, element_type = header >> 4, header & 0x0F
            if size == 15:
                size = self.varint()
            return TList(element_type, [self.value(element_type) for _ in range(size)])
        if wire_type == MAP:
            size = self.varint()
            types = self.byte() if size else 0
            key_type, value_type = types >> 4, types & 0x0F
            return TMap(
                key_type,
                value_type,
                [(self.value(key_type), self.value(value_type)) for _ in range(size)],
            )
        if wire_type == STRUCT:
            value, self.pos = _Decoder(self.data, self.pos).struct()
            return value
        raise ThriftError(f"unknown wire type {wire_type} at byte {self.pos}")


def _varint(out: bytearray, n: int) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _zigzag(out: bytearray, n: int) -> None:
    _varint(out, (n << 1) ^ (n >> 63))


def _encode_struct(out: bytearray, fields: TStruct) -> None:
    last_id = 0
    for field_id in sorted(fields):
        wire_type, value = fields[field_id]
        if wire_type in (TRUE, FALSE):
            wire_type = TRUE if value else FALSE
        delta = field_id - last_id
        if 0 < delta <= 15:
            out.append((delta << 4) | wire_type)
        else:
            out.append(wire_type)
            _zigzag(out, field_id)
        if wire_type not in (TRUE, FALSE):
            _encode_value(out, wire_type, value)
        last_id = field_id
    out.append(STOP)


def _encode_value(out: bytearray, wire_type: int, value: Any) -> None:
    if wire_type == BYTE:
        out += struct.pack("b", value)
    elif wire_type in _INTS:
        _zigzag(out, value)
    elif wire_type in (TRUE, FALSE):
        out.append(TRUE if value else FALSE)
    elif wire_type == DOUBLE:
        out += struct.pack("<d", value)
    elif wire_type == BINARY:
        _varint(out, len(value))
        out += value
    elif wire_type in (LIST, SET):
        size = len(value.values)
        out.append((min(size, 15) << 4) | value.element_type)
        if size >= 15:
            _varint(out, size)
        for element in value.values:
            _encode_value(out, value.element_type, element)
    elif wire_type == MAP:
        _varint(out, len(value.items))
        if value.items:
            out.append((value.key_type << 4) | value.value_type)
        for key, item in value.items:
            _encode_value(out, value.key_type, key)
            _encode_value(out, value.value_type, item)
    elif wire_type == STRUCT:
        _encode_struct(out, value)
    else:
        raise ThriftError(f"cannot encode wire type {wire_type}")
