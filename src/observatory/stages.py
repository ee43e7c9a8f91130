"""The one small interface every stage kind implements.

A stage has a ``name`` and ``version`` (recorded with every output row) and is called on a
batch: ``stage(items) -> iterator``. Stages are pure where they can be, so the same object
runs in a loop, a process pool or on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from observatory.records import StageVersion

__all__ = ["Stage"]

In_contra = TypeVar("In_contra", contravariant=True)
Out_co = TypeVar("Out_co", covariant=True)


class Stage(Protocol[In_contra, Out_co]):
    """``name``/``version`` identify the stage; ``__call__`` maps a batch lazily."""

    @property
    def stage(self) -> StageVersion: ...

    def __call__(self, items: Iterable[In_contra], /) -> Iterator[Out_co]: ...
