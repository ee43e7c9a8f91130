"""Observatory's one exception tree.

    ObservatoryError                 anything Observatory raises on purpose
    ├── ConfigError                  a bad setting, settings file or command-line option
    ├── InputError                   a report that cannot be read (names the source)
    │   ├── EmptyInput               nothing but whitespace
    │   ├── BinaryInput              not text (NUL bytes, an image, an archive)
    │   ├── UndecodableInput         bytes that decode as no supported encoding
    │   ├── InputTooLarge            over a size limit (``max_document_bytes``, ``max_html_depth``, ...)
    │   └── MalformedRecord          a JSONL line or CSV row that cannot be parsed
    ├── GazetteerError               the gazetteer cannot be built, imported or read
    ├── StoreError                   the store cannot be opened, migrated or written
    │   ├── SchemaVersionError       the store was written by a newer Observatory
    │   └── BadCursor                a page cursor the store did not make
    ├── ReviewError                  an analyst override that cannot be applied
    │   └── ConflictError            the event changed since the analyst read it (409)
    ├── AuthError                    an API token that is unknown, revoked or not allowed
    ├── EngineError                  a cluster that cannot be reached, or a partition task that failed
    ├── EvaluationError              gold files that do not match their documents
    └── ModelError                   a sub-type model that cannot be trained, read or written

Messages say what was wrong and what to do; the CLI prints them without a traceback.
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "BadCursor",
    "BinaryInput",
    "ConfigError",
    "ConflictError",
    "EmptyInput",
    "EngineError",
    "EvaluationError",
    "GazetteerError",
    "InputError",
    "InputTooLarge",
    "MalformedRecord",
    "ModelError",
    "ObservatoryError",
    "ReviewError",
    "SchemaVersionError",
    "StoreError",
    "UndecodableInput",
]


class ObservatoryError(Exception):
    """Base class of every error Observatory raises on purpose."""


class ConfigError(ObservatoryError):
    """A setting, settings file or command-line option is invalid."""


class InputError(ObservatoryError):
    """A report could not be read. ``source`` names the file or URL, ``line`` the line."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        where = source or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message


class EmptyInput(InputError):
    """The input holds no text."""


class BinaryInput(InputError):
    """The input is not text."""


class UndecodableInput(InputError):
    """The input's bytes decode as no supported encoding."""


class InputTooLarge(InputError):
    """The input is over one of the ingest limits; the message names the setting."""


class MalformedRecord(InputError):
    """A JSONL line or CSV row cannot be parsed or lacks a required field."""


class GazetteerError(ObservatoryError):
    """The gazetteer cannot be built, imported or read."""


class StoreError(ObservatoryError):
    """The store cannot be opened, migrated or written."""


class SchemaVersionError(StoreError):
    """The store's schema is newer than this version of Observatory understands."""


class BadCursor(StoreError):
    """A page cursor that is not one the store made (start again without it)."""


class ReviewError(ObservatoryError):
    """An analyst override cannot be applied (unknown event, claim not in event, ...)."""


class ConflictError(ReviewError):
    """The event's version is not the one the caller read: someone else changed it first."""


class AuthError(ObservatoryError):
    """An API token is unknown, revoked, or its name is already taken."""


class EvaluationError(ObservatoryError):
    """Gold files and documents do not match (missing document, bad gold JSON)."""


class ModelError(ObservatoryError):
    """A sub-type model cannot be trained (too few notes, no scikit-learn), read or written."""


class EngineError(ObservatoryError):
    """A Dask scheduler cannot be reached, or a partition's task failed on a worker."""
