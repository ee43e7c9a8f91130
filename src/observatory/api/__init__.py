"""The HTTP API and dashboard (``observatory serve``): FastAPI over the repository.

:func:`create_app` builds the app from :class:`ServeConfig` and a repository factory, so
the same app runs over SQLite or PostgreSQL, in tests and behind uvicorn.
"""

from observatory.api.app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
