"""Errors with one-line messages that name the problem (the CLI prints them as they are)."""

from __future__ import annotations


class StancesumError(Exception):
    """Base class: every error the package raises on bad input or missing files."""


class InputError(StancesumError):
    """The input cannot be read: missing, empty, not UTF-8, no article text."""


class ModelError(StancesumError):
    """Model files are missing, incomplete or do not match their recorded checksums."""


class FormatError(StancesumError):
    """A record breaks the dataset format. Carries where: file, line and field."""

    def __init__(self, problem: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None):
        self.problem, self.path, self.line, self.field = problem, path, line, field
        super().__init__(self._message())

    def _message(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.problem}"

    def at(self, path: str, line: int) -> "FormatError":
        """The same error, located at a file and line."""
        return FormatError(self.problem, path=path, line=line, field=self.field)
