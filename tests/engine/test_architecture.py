"""The engine's shape, read from the code's own imports (ast): no import cycles in forms/
or desktop/, each stage imports only the stages before it, and only the law package reads
the rule data's effective dates. See the README's architecture section."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The stages in order: a module may import its own stage and the stages of a lower rank.
# Stages of the same rank sit beside each other and do not import each other.
RANK = {
    "forms": 0,  # forms/__init__.py: the version only
    "forms.common": 0,
    "forms.case": 1,
    "forms.law": 2,
    "forms.inspection": 3, "forms.store": 3,
    "forms.verdict": 4, "forms.fill": 4,
    "forms.pack": 5, "forms.estimate": 5,
    "forms.office": 6,
    "forms.cli": 7,
    "desktop": 8,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for top in ("forms", "desktop") for p in sorted((ROOT / top).rglob("*.py"))}


def imports_of(name: str, path: Path, modules: dict) -> set[str]:
    """Every module of ours that `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
            if subs:  # `from pkg import module`: the module (the package's own names aside)
                out.update(subs)
                if len(subs) < len(node.names) and target in modules:
                    out.add(target)
            elif target in modules:
                out.add(target)
    out.discard(name)
    return out


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def stage(name: str) -> str:
    parts = name.split(".")
    if parts[0] == "desktop":
        return "desktop"
    if len(parts) == 1:
        return "forms"
    if parts[1] == "__main__":  # `python -m forms`: the command line
        return "forms.cli"
    return ".".join(parts[:2])


def test_the_graph_sees_the_imports():
    g = graph()
    assert "forms.law.ruleset" in g["forms.law.requirements"]  # a top-level import
    assert "forms.fill.render_pdf" in g["forms.pack.build"]  # one inside a function
    assert "forms.inspection.judge" in g["forms.inspection.api"]  # `from pkg import module`
    assert "desktop.i18n" in g["desktop.steps.base"]  # a relative `from .. import module`


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_belongs_to_a_stage():
    assert sorted({stage(n) for n in graph()} - set(RANK)) == []


def test_stages_import_only_earlier_stages():
    wrong = []
    for name, targets in graph().items():
        mine = stage(name)
        for target in targets:
            theirs = stage(target)
            if theirs != mine and not RANK[theirs] < RANK[mine] and theirs != "forms":
                wrong.append(f"{name} -> {target}")
    assert wrong == []


@pytest.mark.parametrize("layer", ["forms.law", "forms.case", "forms.common"])
def test_the_law_never_imports_forms_or_packs(layer):
    bad = [f"{n} -> {t}" for n, ts in graph().items() if stage(n) == layer
           for t in ts if stage(t) in ("forms.fill", "forms.pack", "forms.verdict", "forms.cli", "desktop")]
    assert bad == []


def test_only_the_law_reads_effective_dates():
    readers = []
    for name, path in all_modules().items():
        if stage(name) == "forms.law":
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("effective_from", "effective_to", "effective_until")):
            readers.append(name)
    assert readers == []


def test_every_engine_package_says_what_it_holds():
    for pkg in sorted((ROOT / "forms").glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(pkg.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, pkg.parent.name
