"""Print how many tests ran on each database and in the browser, from pytest's JUnit XML files.

Usage: python scripts/test_summary.py artifacts/junit-sqlite.xml artifacts/junit-postgres.xml ...
Exit status 1 if a file is missing (that run did not happen) or any run had failures or errors.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(paths: list[str]) -> int:
    status = 0
    print("\n== Test summary ==")
    print(f"{'run':<12}{'tests':>8}{'passed':>8}{'failed':>8}{'errors':>8}{'skipped':>9}")
    for p in paths:
        name = Path(p).stem.removeprefix("junit-")
        if not Path(p).exists():
            print(f"{name:<12}{'(did not run)':>41}")
            status = 1
            continue
        root = ET.parse(p).getroot()
        suite = root if root.tag == "testsuite" else root.find("testsuite")
        assert suite is not None
        tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
        passed = tests - failures - errors - skipped
        print(f"{name:<12}{tests:>8}{passed:>8}{failures:>8}{errors:>8}{skipped:>9}")
        if failures or errors:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
