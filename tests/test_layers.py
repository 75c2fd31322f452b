"""The layer rules CONTRIBUTING states, checked on every module (found with pkgutil: a new one is covered).

- Qt-free: everything in ``reader`` except ``reader.ui`` (the window) and ``reader.render`` (Qt drawing without
  a window: the PDF writer and the graph painter). Importing any of it (the engine, the library, the exports,
  the open comparison, the command line's entry point) loads no PySide6 module, so it serves scripts and the
  headless commands alike, and ``reader align`` starts without Qt.
- Downward only: ``core`` imports nothing else of Reader's (but ``reader``, ``reader.resources`` and ``reader.address``); ``store``
  imports ``core``; ``export`` imports ``core`` and ``store``, and reaches ``render`` only inside the call
  that writes a PDF; the top-level modules (``comparison``, ``navigation``, ...) import ``core``, ``store``,
  ``export`` and one another; ``render`` imports those below it, never ``ui``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import reader

PACKAGE = Path(reader.__file__).parent
QT_LAYERS = ("ui", "render")  # may import Qt
NOT_IMPORTED = {
    "reader.__main__",  # runs the program
    "reader.store.migrations.env",  # alembic's script: alembic runs it inside a migration
}
# The version, where the resources are, and where the library is: every layer may use them.
BASE = {"reader", "reader.resources", "reader.address"}


def layer(module: str) -> str:
    """``core``, ``store``, ``export``, ``render``, ``ui``; ``cli`` (and ``__main__``); ``base``; ``top`` for
    the Qt-free modules at the top of the package (``comparison``, ``navigation``, ...)."""
    if module in BASE:
        return "base"
    name = module.split(".")[1]
    if name in ("cli", "__main__"):
        return "cli"  # the entry point: the window or a headless command
    if (PACKAGE / name).is_dir():
        return name
    return "top"


MAY_IMPORT = {
    "core": {"core"},
    "store": {"core", "store"},
    "export": {"core", "store", "export"},
    "top": {"core", "store", "export", "top"},
    "render": {"core", "store", "export", "top", "render"},
}
ONLY_INSIDE_A_FUNCTION = {"export": {"render"}}  # formats.export() imports the PDF writer when it writes one

DISCOVER = f"""
import json, pkgutil, sys
import reader
names = [
    info.name
    for info in pkgutil.walk_packages(reader.__path__, "reader.")
    if info.name.split(".")[1] not in {QT_LAYERS!r} and info.name not in {sorted(NOT_IMPORTED)!r}
]
print(json.dumps(names))
"""

IMPORT_ALL = """
import importlib, json, sys
first = None
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    if first is None and any(m.split(".")[0] in ("PySide6", "shiboken6") for m in sys.modules):
        first = name
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"first": first, "loaded": loaded}))
"""


def qt_free_modules() -> list[str]:
    found = subprocess.run([sys.executable, "-c", DISCOVER], capture_output=True, text=True, check=True)
    names: list[str] = json.loads(found.stdout)
    return names


def test_the_qt_free_layers_load_no_pyside6() -> None:
    names = qt_free_modules()
    for expected in (
        "reader.core.alignment.align",
        "reader.store.library",
        "reader.export.formats",
        "reader.comparison",
    ):
        assert expected in names  # the discovery finds every layer it is meant to cover
    assert len(names) > 60
    # A fresh process: in this one pytest-qt has loaded PySide6 already.
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, json.dumps(names)], capture_output=True, text=True, check=True
    )
    outcome = json.loads(result.stdout)
    assert outcome == {"first": None, "loaded": []}, f"{outcome['first']} loads {outcome['loaded'][:5]}"


def reader_imports(path: Path) -> list[tuple[str, bool, int]]:
    """Each ``reader.*`` module ``path`` imports: (module, inside a function, line)."""
    found: list[tuple[str, bool, int]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend(
                    (a.name, inside, child.lineno) for a in child.names if a.name.split(".")[0] == "reader"
                )
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                module = child.module
                # ``from reader import x``: x is a module of the package, or a name of its __init__.
                found.extend(
                    (
                        f"reader.{a.name}" if module == "reader" and f"reader.{a.name}" in BASE else module,
                        inside,
                        child.lineno,
                    )
                    for a in child.names
                    if module.split(".")[0] == "reader"
                )
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_each_layer_imports_only_the_layers_below_it() -> None:
    wrong = []
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        if module == "reader" or layer(module) not in MAY_IMPORT:
            continue
        checked += 1
        mine = layer(module)
        for imported, inside, line in reader_imports(path):
            theirs = layer(imported)
            lazy_ok = inside and theirs in ONLY_INSIDE_A_FUNCTION.get(mine, set())
            if theirs != "base" and theirs not in MAY_IMPORT[mine] and not lazy_ok:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {mine} imports {imported}")
    assert checked > 60
    assert wrong == []


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    upward = tmp_path / "upward.py"
    upward.write_text(
        "from reader.core.alignment.align import align\nimport reader.ui.app\n\ndef later():\n    from reader.render.pdf import write_pdf\n"
    )
    assert reader_imports(upward) == [
        ("reader.core.alignment.align", False, 1),
        ("reader.ui.app", False, 2),
        ("reader.render.pdf", True, 5),
    ]
    assert [layer(m) for m, _, _ in reader_imports(upward)] == ["core", "ui", "render"]
    assert layer("reader.comparison") == "top" and layer("reader.resources") == "base"


CORE_JOBS = ("text", "reading", "checks", "anchoring", "alignment", "provenance")
"""The packages of ``reader.core`` by job, each importing only itself and those before it (CONTRIBUTING)."""
CORE_PLUMBING = {"reader.core", "reader.core.progress", "reader.core.atomic"}  # every job may use these


def core_job(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) >= 3 and parts[2] in CORE_JOBS else None


def test_each_job_in_core_imports_only_the_jobs_before_it() -> None:
    wrong, checked = [], 0
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        mine = core_job(module)
        if mine is None:
            assert module in CORE_PLUMBING, f"{module}: a module of reader.core outside its jobs"
            continue
        checked += 1
        for imported, _, line in reader_imports(path):
            theirs = core_job(imported)
            if theirs is None:
                assert imported in CORE_PLUMBING or not imported.startswith("reader.core"), imported
                continue
            if CORE_JOBS.index(theirs) > CORE_JOBS.index(mine):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {mine} imports {imported}")
    assert checked > 40
    assert wrong == []


def test_the_job_order_catches_an_import_from_a_later_job() -> None:
    assert core_job("reader.core.text.segment") == "text" and core_job("reader.core.progress") is None
    assert CORE_JOBS.index(core_job("reader.core.provenance.who_first") or "") > CORE_JOBS.index("alignment")


ALIGN_AND_LIST_MODULES = """
import contextlib, io, json, sys
from reader.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main(["align", "--json", *sys.argv[1:]])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def test_reader_align_on_text_files_loads_only_what_it_needs() -> None:
    # A whole `reader align --json` in a fresh process: what start-up costs is every process's. The window,
    # the library, the readers of other formats (HTML parser, Word's XML) and the text summary load only
    # where they are used.
    seeds = sorted(str(path) for path in (PACKAGE.parent / "seeds").glob("*.txt"))
    done = subprocess.run(
        [sys.executable, "-c", ALIGN_AND_LIST_MODULES, *seeds], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    assert result["status"] == 0
    loaded = set(result["modules"])
    for needless in (
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "html.parser",
        "xml.etree",
        "traceback",
    ):
        assert needless not in loaded and not any(m.startswith(f"{needless}.") for m in loaded), needless
    unused = {
        "reader.store",
        "reader.export.summary",
        "reader.core.reading.word",
        "reader.core.reading.htmltext",
    }
    assert not unused & loaded, unused & loaded
