"""Copy the front-end files Renda serves from node_modules/ into var/vendor/ (run by `make assets`).

The packages come from the npm registry (package.json, package-lock.json); only the files the pages
use are copied, so `collectstatic` handles a few hundred kilobytes instead of every build variant
the packages ship (about 27 MB). Exit status 1 names a missing file (run `npm ci` first).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
VENDOR = ROOT / "var" / "vendor"

# served path under static/vendor/ → file in node_modules/ (a source map travels with its file)
FILES = {
    "htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "pico/pico.min.css": "@picocss/pico/css/pico.min.css",
    "chartjs/chart.umd.js": "chart.js/dist/chart.umd.js",
    "chartjs/chart.umd.js.map": "chart.js/dist/chart.umd.js.map",
    # the searchable picker (renda/core/static/renda/picker.js) over plain <select> elements
    "tom-select/tom-select.complete.min.js": "tom-select/dist/js/tom-select.complete.min.js",
    "tom-select/tom-select.complete.min.js.map": "tom-select/dist/js/tom-select.complete.min.js.map",
    "tom-select/tom-select.min.css": "tom-select/dist/css/tom-select.min.css",
    "tom-select/tom-select.min.css.map": "tom-select/dist/css/tom-select.min.css.map",
}


def main() -> int:
    missing = [src for src in FILES.values() if not (NODE / src).is_file()]
    if missing:
        print(f"vendor_assets: missing in node_modules/: {', '.join(missing)} (run `npm ci`)", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for target, src in FILES.items():
        dest = VENDOR / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(NODE / src, dest)
    print(f"vendor_assets: {len(FILES)} files → {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
