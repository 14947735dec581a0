#!/usr/bin/env python
"""Django's command-line utility; ``commissioning`` (the console script) does the same."""

from commissioning.cli import main

if __name__ == "__main__":
    main()
