"""API keys of the tests: one per role, and the headers that present them."""

from __future__ import annotations

from adapters.auth.keys import ApiKey, KeyRing, Role, digest

SECRETS = {
    Role.VIEWER: "test-viewer-key-0123456789abcdef",
    Role.TRADER: "test-trader-key-0123456789abcdef",
    Role.OPERATOR: "test-operator-key-0123456789abcdef",
}
TEST_KEYS = KeyRing.of(**{role.label: (secret, role) for role, secret in SECRETS.items()})


def key_headers(role: Role = Role.OPERATOR) -> dict[str, str]:
    return {"authorization": f"Bearer {SECRETS[role]}"}


def keys_environ() -> dict[str, str]:
    """`ODUM_API_KEYS` holding the test keys, for services started as processes."""
    entries = [
        ApiKey(key_id=role.label, role=role, digest=digest(secret)).entry()
        for role, secret in SECRETS.items()
    ]
    return {"ODUM_API_KEYS": ",".join(entries)}
