"""No import cycles between the project's modules (style.md), counting
imports made inside functions too: a function-level import that closes a
cycle is a cycle postponed, not removed."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"tests", "benchmarks", "scripts", "deploy", "docs", "templates", "static", "staticfiles", "var"}


def project_modules():
    modules = {}
    for package in sorted(ROOT.iterdir()):
        if package.name in SKIPPED or not (package / "__init__.py").exists():
            continue
        for path in package.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    return modules


def imports_of(name, path, modules):
    """The project modules `name` imports, anywhere in it. A package's import
    of its own submodules is not counted (Django's app loading does that)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not target.startswith(name + "."):
                found.add(target)
    return found


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


class TestImports:
    def test_no_module_imports_one_that_imports_it_back(self):
        modules = project_modules()
        graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
        assert cycles(graph) == []

    def test_the_check_finds_a_cycle(self):
        assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

    def test_the_check_reads_the_whole_project(self):
        modules = project_modules()
        assert {"news.editorial.services", "publishing.tasks", "portal.settings.common"} <= set(modules)
        assert "publishing.services" in imports_of("publishing.tasks", modules["publishing.tasks"], modules)
