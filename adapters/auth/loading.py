"""The key ring from the environment: entries in a variable, or in a file a variable names."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from adapters.auth.keys import ApiKey, InvalidKeyEntry, KeyRing, parse_entry

MAX_FILE_BYTES = 1_000_000


def entries(text: str, source: str) -> list[ApiKey]:
    """One entry per line or comma; blank lines and `#` comments are skipped."""
    keys, problems = [], []
    for number, line in enumerate(text.replace(",", "\n").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            keys.append(parse_entry(line, f"{source} entry {number}"))
        except InvalidKeyEntry as error:
            problems.append(str(error))
    if problems:
        raise InvalidKeyEntry(source, "; ".join(problems))
    return keys


def load_keyring(keys_env: str, file_env: str, environ: Mapping[str, str] | None = None) -> KeyRing:
    """Keys from `$keys_env` and from the file named by `$file_env`; an empty ring if neither."""
    env = os.environ if environ is None else environ
    keys = entries(env.get(keys_env, ""), keys_env)
    file_name = env.get(file_env, "").strip()
    if file_name:
        path = Path(file_name)
        if not path.is_file():
            raise InvalidKeyEntry(file_env, f"{file_name} is not a readable file")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise InvalidKeyEntry(file_env, f"{file_name} is larger than {MAX_FILE_BYTES} bytes")
        keys += entries(raw.decode("utf-8", "replace"), file_name)
    return KeyRing(keys)
