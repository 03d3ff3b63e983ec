"""OKX's signature: base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body))."""

from __future__ import annotations

import base64
import hashlib
import hmac

import attrs


def sign(secret: str, prehash: str) -> str:
    digest = hmac.new(secret.encode(), prehash.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@attrs.frozen
class ApiKey:
    """The one API key the emulator accepts: key, secret and the passphrase set with it."""

    key: str
    secret: str
    passphrase: str

    def signed(self, prehash: str, signature: str) -> bool:
        return hmac.compare_digest(sign(self.secret, prehash), signature)
