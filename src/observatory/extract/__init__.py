"""Event extraction: reports in, ACLED-coded claims and tolls out."""

from observatory.extract.extractor import Extraction, Extractor

__all__ = ["Extraction", "Extractor"]
