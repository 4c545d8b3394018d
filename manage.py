#!/usr/bin/env python
"""Django's command-line utility; ``renda`` (renda/cli.py) wraps the same commands."""

import sys

from renda.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
