"""The ``commissioning`` console script: every Django management command, and ours."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, as ``manage.py`` would."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["commissioning", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
