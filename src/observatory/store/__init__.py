"""Storage: the repository interface and its backends."""

from observatory.store.base import AddResult, EventQuery, Repository

__all__ = ["AddResult", "EventQuery", "Repository"]
