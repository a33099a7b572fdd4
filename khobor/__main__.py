"""``python -m khobor`` runs the ``khobor`` command (for environments where its script is not on PATH)."""

from khobor.cli import main

main()
