"""``python -m childprotect`` runs the command line."""

from childprotect.cli import run

run()
