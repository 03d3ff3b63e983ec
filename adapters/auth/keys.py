"""API keys: ids, roles and SHA-256 digests; a presented key is compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from enum import IntEnum

import attrs

KEY_PREFIX = "odum_"
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


class Role(IntEnum):
    """Each role includes the ones below it: operator > trader > viewer."""

    VIEWER = 1
    TRADER = 2
    OPERATOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class InvalidKeyEntry(Exception):
    """A line of the key list that cannot be read; names the line and the fix."""

    def __init__(self, where: str, reason: str) -> None:
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}")


def digest(key: str) -> str:
    """Keys are 256-bit random tokens, so one SHA-256 round is enough (no dictionary to guess)."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


@attrs.frozen(kw_only=True)
class ApiKey:
    """A stored key: who it is, what it may do, and the digest of the secret (never the secret)."""

    key_id: str
    role: Role
    digest: str = attrs.field(repr=False)

    def entry(self) -> str:
        return f"{self.key_id}:{self.role.label}:{self.digest}"


def parse_entry(text: str, where: str) -> ApiKey:
    """`key_id:role:sha256:<hex>`, as `odum keys new` prints it."""
    key_id, _, rest = text.strip().partition(":")
    role_name, _, key_digest = rest.partition(":")
    if not _KEY_ID.match(key_id):
        raise InvalidKeyEntry(where, "key id must be 1-64 letters, digits, '.', '_' or '-'")
    try:
        role = Role[role_name.upper()]
    except KeyError:
        raise InvalidKeyEntry(
            where, f"role {role_name!r} is not one of viewer, trader, operator"
        ) from None
    if not _DIGEST.match(key_digest):
        raise InvalidKeyEntry(
            where, "expected sha256:<64 hex digits> (odum keys new prints the entry)"
        )
    return ApiKey(key_id=key_id, role=role, digest=key_digest)


class KeyRing:
    """The accepted keys; `identify` hashes a presented key and compares every digest."""

    def __init__(self, keys: Iterable[ApiKey] = ()) -> None:
        self._keys = tuple(keys)
        ids = [key.key_id for key in self._keys]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise InvalidKeyEntry("api keys", f"key id {duplicated[0]!r} appears twice")

    @classmethod
    def of(cls, **roles_by_secret: tuple[str, Role]) -> KeyRing:
        """For tests and tools: `KeyRing.of(alice=("secret", Role.TRADER))`."""
        return cls(
            ApiKey(key_id=key_id, role=role, digest=digest(secret))
            for key_id, (secret, role) in roles_by_secret.items()
        )

    def __len__(self) -> int:
        return len(self._keys)

    def identify(self, presented: str) -> ApiKey | None:
        wanted = digest(presented)
        found = None
        for key in self._keys:  # no early exit: the time does not depend on which key matched
            if hmac.compare_digest(key.digest, wanted):
                found = key
        return found
