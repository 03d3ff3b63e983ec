"""API keys of the tests: one per role, and the headers that present them."""

from __future__ import annotations

from adapters.auth.keys import KeyRing, Role

SECRETS = {
    Role.VIEWER: "test-viewer-key-0123456789abcdef",
    Role.TRADER: "test-trader-key-0123456789abcdef",
    Role.OPERATOR: "test-operator-key-0123456789abcdef",
}
TEST_KEYS = KeyRing.of(**{role.label: (secret, role) for role, secret in SECRETS.items()})


def key_headers(role: Role = Role.OPERATOR) -> dict[str, str]:
    return {"authorization": f"Bearer {SECRETS[role]}"}
