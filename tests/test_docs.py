"""The README documents every command, and the public API names what it exports."""

from pathlib import Path

import click

import khobor
from khobor.cli import main
from khobor.export import FIELDS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "khobor"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")


def test_every_command_is_in_the_readme():
    missing = [c for c in commands(main) if c not in README]
    assert not missing, f"README.md does not mention: {missing}"


def test_every_export_field_is_in_the_readme():
    for what, fields in FIELDS.items():
        for name in fields:
            assert name in README, f"{what}.{name} is not documented"


def test_all_names_exist():
    for name in khobor.__all__:
        assert hasattr(khobor, name), name
