"""The CLI is thin: every command that reads or writes a store calls one use case of khobor/service,
and cli.py itself touches no store method, table or pipeline function."""

import ast
from pathlib import Path

import khobor
from khobor.model import Article
from khobor.service import cases

CLI = Path(khobor.__file__).parent / "cli.py"


def test_cli_reads_and_writes_only_through_the_use_cases():
    tree = ast.parse(CLI.read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and m.startswith(("khobor.pipeline", "khobor.store", "khobor.serve.queries", "sqlalchemy"))}
    store_calls = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                   and n.value.id == "store"]
    assert store_calls == [], f"cli.py uses the store directly at lines {store_calls}"
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        opens = [n for n in ast.walk(fn) if isinstance(n, ast.Attribute) and n.attr == "open"
                 and isinstance(n.value, ast.Name) and n.value.id == "khobor"]
        if opens:
            used = [n.attr for n in ast.walk(fn) if isinstance(n, ast.Attribute) and _use_cases(n.value)]
            exported = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == "export"]
            assert len(used) + len(exported) >= 1, f"{fn.name} opens a store but calls no use case"


def _use_cases(node: ast.AST) -> bool:
    """``cases`` or ``_cases()`` (the use cases, imported on first use)."""
    if isinstance(node, ast.Call):
        node = node.func if not node.args else None
        return isinstance(node, ast.Name) and node.id == "_cases"
    return isinstance(node, ast.Name) and node.id == "cases"


def test_search_use_case_is_what_the_cli_prints(tmp_path, cli):
    db = str(tmp_path / "k.db")
    with khobor.open(db) as store:
        store.add_articles([Article(id="a1", source="s1", body="লাভরভ ঢাকায় এসেছেন।", title="সফর"),
                            Article(id="a2", source="s2", body="বন্যায় ক্ষতি।", title="বন্যা")])
    with khobor.open(db, read_only=True) as store:
        result, spellings = cases.search(store, "লাভরভ", limit=5)
    assert [h.id for h in result.results] == ["a1"] and spellings == []
    out = cli("search", "--db", db, "লাভরভ").output
    assert "1 hit(s)" in out and "a1" in out
