"""Engines that run the same pure extract function at scale.

local      a process pool on one machine (``--workers N``), output identical for every N
partitions corpora (JSONL, CSV, Parquet) cut into partitions read independently
linking    linking in parallel: claims cut into independent units by blocking
dask       Dask across machines (``--engine dask``): partitions, resumable runs, linking
"""

from __future__ import annotations

from observatory.engines.local import default_workers, extract_parallel

__all__ = ["default_workers", "extract_parallel"]
