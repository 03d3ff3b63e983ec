"""The error every dataset reader raises: which file, and what is wrong with it."""

from __future__ import annotations


class DatasetError(ValueError):
    """A file that exists but breaks its CONTRACTS §2 schema or content rules."""

    def __init__(self, path: str, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(f"{path}: {problem}")
