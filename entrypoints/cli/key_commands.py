"""`odum keys new`: a fresh API key, printed once, and the hashed entry the service stores."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from adapters.auth.keys import ApiKey, InvalidKeyEntry, Role, digest, new_key, parse_entry


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("keys", help="create API keys for the HTTP services")
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("new", help="print a new key and its entry for ODUM_API_KEYS")
    create.add_argument("--id", required=True, dest="key_id", help="who holds it, e.g. alice")
    create.add_argument("--role", required=True, choices=[r.label for r in Role])
    create.set_defaults(handler=new)


def new(args: argparse.Namespace) -> int:
    key = new_key()
    entry = ApiKey(key_id=args.key_id, role=Role[args.role.upper()], digest=digest(key))
    try:
        parse_entry(entry.entry(), "--id")
    except InvalidKeyEntry as error:
        print(f"odum keys: error: {error.reason}", file=sys.stderr)
        return 2
    print(f"key (give it to {args.key_id}; it is not stored anywhere): {key}")
    print(
        f"entry (add to $ODUM_API_KEYS or the file named by $ODUM_API_KEYS_FILE): {entry.entry()}"
    )
    return 0
