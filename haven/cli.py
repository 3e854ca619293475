"""The `haven` command: Django's management commands and Haven's own behind one name."""

import os
import sys

from haven.envconfig import ConfigError


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "haven"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    # Files Haven creates (database, keys, logs) are readable by its own user only.
    os.umask(0o077)
    if argv[1:2] == ["init"]:
        from haven import bootstrap

        bootstrap.prepare_data_dir()
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ConfigError as error:
        sys.exit(f"haven: configuration error: {error}")
