"""The engine's shape: stages in layers, every import pointing down, no cycle, one place for paths."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "macros" / "guide_nr"

#: The stages, lowest first. A module may import its own layer or a lower one, never a higher one.
LAYERS = [
    {"text", "problems", "routes", "templating"},  # shared by every stage
    {"safety"},  # sanitizer, Markdown limits, template sandbox
    {"model"},  # plain data: fiche, theme, pilot, charter, release, settings, guide
    {"sources"},  # YAML → validated model
    {"pages"},  # model → Markdown pages and files
    {"postbuild"},  # built site → final site
    {"adapters"},  # site generators (MkDocs, ProperDocs)
    {"pipeline"},  # the driver
    {"cli"},  # the `guide` command
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # guide_nr itself: the public facade
    for index, names in enumerate(LAYERS):
        if parts[1] in names:
            return index
    raise AssertionError(f"{module} : module hors des étapes connues, ajoutez-le à LAYERS")


_ALL: set[str] = set()


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("guide_nr"):
            submodules = [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names
                          if f"{node.module}.{alias.name}" in _ALL]
            found += submodules
            if len(submodules) < len(node.names):  # names defined in the module itself
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.startswith("guide_nr")]
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
_ALL = set(MODULES)


def test_every_import_points_to_the_same_stage_or_a_lower_one():
    upward = []
    for module, path in MODULES.items():
        own = _layer(module)
        if own is None:
            continue
        for imported, line in _imports(path):
            target = _layer(imported)
            if target is not None and target > own:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} importe {imported} (étape plus haute)")
    assert upward == []


def test_no_import_cycle_between_modules():
    graph = {m: {i for i, _ in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for following in sorted(graph[node]):
            if state.get(following) == 1:
                cycles.append(" → ".join(trail[trail.index(following):] + [following]))
            elif following not in state:
                visit(following, trail + [following])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_built_paths_are_decided_in_routes_only():
    """``x.md → x/index.html`` and page paths are written in guide_nr/routes.py, nowhere else."""
    pattern = re.compile(r"""["'](?:[\w.-]+/)*index\.(?:html|md)["']|\.replace\(["']\.md["']""")
    offenders = []
    for module, path in MODULES.items():
        if module == "guide_nr.routes":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_stage_folders_hold_small_modules_named_after_their_concern():
    too_big = [f"{p.relative_to(PACKAGE)} ({n} lignes)" for p in PACKAGE.rglob("*.py")
               if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600]
    assert too_big == []
    assert not [p for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "text", "problems", "routes", "templating", "pipeline"}], \
        "un module à la racine du paquet : rangez-le dans son étape"


def test_the_readme_lists_the_post_build_steps_as_they_run():
    """The README's list of steps is the code's list, in the same order (it cannot drift)."""
    from guide_nr.postbuild.steps import STEPS

    readme = (PACKAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("`postbuild/steps.py` :")
    paragraph = " ".join(readme[start:readme.index("\n\n", start)].split())
    positions = [paragraph.find(step.name) for step in STEPS]
    assert -1 not in positions, [step.name for step, at in zip(STEPS, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
