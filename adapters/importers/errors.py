"""Errors of the importers: each names the source file and what is wrong with it."""

from __future__ import annotations


class ImportFormatError(Exception):
    """A source file that cannot be imported: missing columns, bad values, no data."""

    def __init__(self, source: str, problem: str) -> None:
        self.source, self.problem = source, problem
        super().__init__(f"{source}: {problem}")


class BookOutOfSync(ImportFormatError):
    """A depth diff that does not continue the previous one: the rebuilt book has a gap."""

    def __init__(self, source: str, line: int, expected: int, got: int, rule: str) -> None:
        self.line, self.expected, self.got, self.rule = line, expected, got, rule
        super().__init__(source, f"line {line}: order book out of sync: {rule}")
