"""Write the gazetteer's UCDP GED layer from a UCDP GED CSV.

The layer holds every place of the CSV whose ``where_prec`` is 1 or 2 (the named place
itself, or an event near it at its point), with UCDP's spellings, coordinates, admin1 and
admin2, the best precision and the number of events. Places the gazetteer already has are
merged into them when the index is built, not here.

Which events go in is chosen by ``--split``:

- ``all`` (what ships in ``src/observatory/data/gazetteer/layers/ucdp-syria.tsv``): every
  event;
- ``train``: only the events outside the held-out part (an event is held out when the
  SHA-256 of its id falls in the first ``--holdout-percent`` of 100 buckets). The figure in
  docs/geocoding.md is measured by ``benchmarks/eval_ucdp_places.py --heldout`` on the
  held-out events with a layer built this way, so no held-out event is in it.

    python scripts/build_ucdp_layer.py                      # the shipped layer
    python scripts/build_ucdp_layer.py --split train --output /tmp/ucdp-train.tsv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from observatory.gazetteer.event_import import event_layer
from observatory.gazetteer.events import UCDP_ATTRIBUTION
from observatory.gazetteer.layers import write_layer

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT.parent / "shared" / "data" / "ucdp-ged-syria" / "ucdp_ged_syria_2016_2017.csv"
SHIPPED = ROOT / "src" / "observatory" / "data" / "gazetteer" / "layers" / "ucdp-syria.tsv"


def build_layer(
    source: Path, output: Path, *, split: str, holdout_percent: int
) -> tuple[int, int, int]:
    """Write the layer; returns (events used, events read, places written)."""
    places, events, used = event_layer(
        source, prefix="ucdp", holdout_percent=holdout_percent if split == "train" else 0
    )
    if events.dataset != "ucdp":
        raise SystemExit(f"{source} is not a UCDP GED CSV")
    for bad in events.bad:
        print(f"skipped {bad}", file=sys.stderr)
    what = (
        "every event"
        if split == "all"
        else f"split 'train': events whose id hash is outside the held-out {holdout_percent}%"
    )
    write_layer(
        output,
        places,
        source="ucdp",
        attribution=UCDP_ATTRIBUTION,
        comments=(
            f"Places of UCDP GED Syria 2016-2017 ({source.name}) with where_prec 1-2; {what}:"
            f" {used} of {events.rows} events, {len(places)} places.",
            "Written by scripts/build_ucdp_layer.py; do not edit by hand (rerun the script).",
            "precision = the best where_prec of the place's events (1 exact, 2 within ~25 km"
            " of the named place); written = UCDP's where_coordinates spellings.",
        ),
    )
    return used, events.rows, len(places)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=UCDP, help="UCDP GED CSV")
    parser.add_argument("--output", type=Path, default=SHIPPED)
    parser.add_argument(
        "--split",
        choices=("all", "train"),
        default="all",
        help="all = every event (the shipped layer); train = without the held-out events",
    )
    parser.add_argument("--holdout-percent", type=int, default=20)
    args = parser.parse_args()
    if not args.input.exists():
        print(f"{args.input} not found", file=sys.stderr)
        return 1
    used, total, places = build_layer(
        args.input, args.output, split=args.split, holdout_percent=args.holdout_percent
    )
    print(f"{places} places from {used} of {total} events -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
