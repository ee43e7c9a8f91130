"""Observatory: conflict reports in, a documented, geocoded, deduplicated event record out."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
