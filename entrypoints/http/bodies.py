"""Request bodies: JSON only (415 otherwise), decoded strictly into declared msgspec types."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import msgspec
from litestar._openapi.schema_generation import SchemaCreator
from litestar._openapi.schema_generation.plugins import StructSchemaPlugin
from litestar.dto import MsgspecDTO
from litestar.exceptions import HTTPException
from litestar.openapi.spec import Reference, Schema
from litestar.typing import FieldDefinition

from entrypoints.http.messages import BadRequest

JSON = "application/json"
_PATH = re.compile(r"`\$(?P<path>[^`]*)`")
_INT_GOT_FLOAT = re.compile(r"Expected `int[^`]*`, got `float`")


class UnsupportedMediaType(HTTPException):
    """A body in a content type the route does not take (text, XML, forms, multipart...)."""

    status_code = 415
    detail = "Unsupported Media Type"


def media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def decode_json[T](raw: bytes, target: type[T], where: str = "") -> T:
    """Strict: booleans are JSON booleans, strings are strings, unknown fields refused.
    As JSON Schema counts it, 5.0 is an integer: integral floats are retried as ints."""
    try:
        return msgspec.json.decode(raw, type=target, strict=True)
    except msgspec.ValidationError as error:
        if _INT_GOT_FLOAT.search(str(error)):
            return _with_integral_floats(raw, target, where)
        raise BadRequest([_problem(str(error), where)]) from None
    except msgspec.DecodeError as error:
        raise BadRequest([f"{where or '(body)'}: not valid JSON: {error}"]) from None
    except UnicodeDecodeError as error:
        raise BadRequest([f"{where or '(body)'}: not UTF-8 (byte {error.start})"]) from None
    except RecursionError:
        raise BadRequest([f"{where or '(body)'}: nested too deeply"]) from None


def _with_integral_floats[T](raw: bytes, target: type[T], where: str) -> T:
    def integral(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, list):
            return [integral(item) for item in value]
        if isinstance(value, dict):
            return {key: integral(item) for key, item in value.items()}
        return value

    try:
        return msgspec.convert(integral(msgspec.json.decode(raw)), type=target, strict=True)
    except msgspec.ValidationError as error:
        raise BadRequest([_problem(str(error), where)]) from None


def convert[T](value: Any, target: type[T]) -> T:
    try:
        return msgspec.convert(value, type=target, strict=True)
    except msgspec.ValidationError as error:
        raise BadRequest([_problem(str(error))]) from None


def _problem(message: str, prefix: str = "") -> str:
    """msgspec's `Expected X - at `$.a.b`` as `a.b: expected X`."""
    text, _, where = message.partition(" - at ")
    match = _PATH.search(where)
    field = match.group("path").lstrip(".") if match else ""
    if prefix:
        field = f"{prefix}.{field}" if field else prefix
    if text.startswith("Object missing required field"):
        name = text.rsplit("`", 2)[-2] if "`" in text else ""
        return f"{(field + '.' if field else '') + name}: is required"
    if text.startswith("Object contains unknown field"):
        name = text.rsplit("`", 2)[-2] if "`" in text else ""
        return f"{(field + '.' if field else '') + name}: unknown field"
    return f"{field or '(body)'}: {text[:1].lower()}{text[1:]}"


class StrictBody[T](MsgspecDTO[T]):
    """The body DTO of every route that takes one; subclasses may accept more media types."""

    media_types: ClassVar[tuple[str, ...]] = (JSON,)

    def decode_bytes(self, value: bytes) -> Any:
        kind = media_type(self.asgi_connection.headers.get("content-type"))
        if kind not in self.media_types:
            allowed = ", ".join(self.media_types)
            raise UnsupportedMediaType(
                detail=f"content-type must be {allowed}, not {kind or 'absent'}"
            )
        return self.decode_media(kind, value)

    def decode_media(self, kind: str, value: bytes) -> Any:
        return decode_json(value, self.model_type)

    def decode_builtins(self, value: dict[str, Any]) -> Any:
        return convert(value, self.model_type)

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: SchemaCreator
    ) -> Reference | Schema:
        """The declared type itself, constraints included (no transfer model in between)."""
        return schema_creator.for_field_definition(
            FieldDefinition.from_annotation(
                cls.model_type, kwarg_definition=field_definition.kwarg_definition
            )
        )


class ClosedStructSchemas(StructSchemaPlugin):
    """A Struct that forbids unknown fields says so: `additionalProperties: false`."""

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        config = getattr(field_definition.type_, "__struct_config__", None)
        if config is not None and config.forbid_unknown_fields:
            schema.additional_properties = False
        return schema
