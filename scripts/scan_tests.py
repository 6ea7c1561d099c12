"""Find Python tests that cannot fail: a static (AST) scan of every ``test_*.py`` of the repository.

    uv run python scripts/scan_tests.py            # what `make lint` runs: exit 1 on any unreviewed finding
    uv run python scripts/scan_tests.py --all      # also list the findings marked as reviewed
    uv run python scripts/scan_tests.py PATH...    # only these files or folders

A test function (``test_*`` at module level or in a ``Test*`` class) is reported when:

* ``no-assertion``: nothing in it can fail it — no ``assert``, no ``raise``, no ``pytest.raises``/``warns``/``fail``,
  no call of an ``assert*``/``expect*``/``validate*``/``model_validate*``/``check*`` helper (``assert_error``,
  ``mock.assert_called_once``, ``case.validate_response``), and no call of a function of the same module, or
  imported from a module of the repository, that contains one of those (``eventually``);
* ``conditional-only``: it has assertions, but every one sits in a loop or an ``if`` whose body may not run — a ``for``
  over something that is not a non-empty literal (``for item in items`` with ``items == []`` asserts nothing), a
  ``while`` that is not ``while True``, an ``if`` without an asserting ``else``. A length check before the loop
  (``assert items``, ``assert len(items) == 3``) is an assertion reached on every path, so such a test is not
  reported as this;
* ``unchecked-loop``: the test asserts elsewhere, but a loop whose body asserts runs over a collection that may be
  empty (not a non-empty literal, nor a name bound to one in the test, its module or a module it imports from) and
  no earlier assertion of the test mentions that collection (``assert len(items) == 3``, ``assert items``,
  ``assert items[0]["slug"] == …``): with no items the loop checks nothing; ``vacuous-all`` is the same for
  ``assert all(… for x in items)``;
* ``constant-assert``: ``assert`` on a constant or a tuple (``assert (x, "message")`` is always true);
* ``early-return``: a ``return`` in the test body before its last statement (a path that ends without asserting);
* ``swallowed``: asserting code inside ``try`` whose handler catches ``AssertionError`` (bare ``except``,
  ``Exception``, ``BaseException``, ``AssertionError``) and does not raise, or inside ``contextlib.suppress`` of one of
  those.

A finding that is fine after a look (e.g. a test whose point is "this does not raise") is marked on the ``def`` line
or the line above it: ``# scan-tests: ok — <why>``. Without ``--all`` marked findings are not printed. Findings
waiting for a fix in a suite someone else is changing are listed in ``scripts/scan_tests_known.txt``: printed, not
failing; fix the test, then delete its line (a stale line is reported). Every run first checks the scanner on its own
samples (``--self-test`` runs only that).

The scan is static and deliberately simple: it does not follow loops inside helper functions, and it counts any call
of an ``assert*``/``check*``/``validate*`` helper as an assertion. It finds the usual ways a test passes without
checking anything; it does not prove that a test checks the right thing.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Where the Python test suites live (the site's TypeScript tests are not scanned here).
SUITES = ("tests", "libs/common/tests", "services/auth/tests", "services/write-api/tests", "services/read-api/tests",
          "services/parser/tests")  # fmt: skip
MARKER = "scan-tests: ok"

ASSERTING_PYTEST = frozenset({"raises", "warns", "fail", "deprecated_call"})
#: Helpers named like this fail the test on a mismatch (``assert_error``, ``mock.assert_called_once``, schemathesis's
#: ``case.validate_response``, pydantic's ``Model.model_validate``, a local ``check_detail``).
ASSERTING_PREFIXES = ("assert", "expect", "validate", "model_validate", "check")
CATCHES_ASSERTION = frozenset({"AssertionError", "Exception", "BaseException"})


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    test: str
    kind: str
    detail: str
    reviewed: bool

    def __str__(self) -> str:
        mark = " (reviewed)" if self.reviewed else ""
        shown = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{shown}:{self.line}: {self.test}: {self.kind}: {self.detail}{mark}"


# ----------------------------------------------------------------------------------------------------- what asserts


def _callee_name(call: ast.Call) -> tuple[str | None, str | None]:
    """(receiver, name) of a call: ``pytest.raises`` → ("pytest", "raises"), ``helper()`` → (None, "helper")."""
    func = call.func
    if isinstance(func, ast.Name):
        return None, func.id
    if isinstance(func, ast.Attribute):
        receiver = func.value.id if isinstance(func.value, ast.Name) else None
        return receiver, func.attr
    return None, None


def _walk_no_nested(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under `node`, not descending into nested functions, lambdas and classes (defined, not run)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        yield child
        yield from _walk_no_nested(child)


@dataclass(frozen=True)
class Imported:
    """``from <module> import <name>`` where the module is a file of the repository."""

    module: Path
    name: str


@dataclass(frozen=True)
class Bound:
    """A module-level ``NAME = <value>``."""

    value: ast.expr


Definition = ast.AST | Imported | Bound


class Asserters:
    """Which names of a module, called from a test, can fail it (transitively, across repository modules)."""

    def __init__(self) -> None:
        self._modules: dict[Path, dict[str, Definition]] = {}
        self._cache: dict[tuple[Path, str], bool] = {}

    def definitions(self, path: Path) -> dict[str, Definition]:
        """The module-level names of `path`: functions, methods, constants and names imported from the repository."""
        if path not in self._modules:
            try:
                tree = ast.parse(path.read_text(), str(path))
            except (OSError, SyntaxError):
                tree = ast.Module(body=[], type_ignores=[])
            names: dict[str, Definition] = {}
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names[node.name] = node
                elif isinstance(node, ast.ClassDef):
                    names[node.name] = node
                    for item in node.body:
                        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                            names.setdefault(item.name, item)  # methods, for self.helper()
                elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if isinstance(target, ast.Name):
                            names.setdefault(target.id, Bound(node.value))
                elif isinstance(node, ast.ImportFrom) and node.module:
                    module = _resolve_module(path, node.module, node.level)
                    for alias in node.names:
                        if module is not None:
                            names.setdefault(alias.asname or alias.name, Imported(module, alias.name))
            self._modules[path] = names
        return self._modules[path]

    def name_asserts(self, path: Path, name: str, depth: int = 0) -> bool:
        key = (path, name)
        if key in self._cache:
            return self._cache[key]
        self._cache[key] = False  # recursion guard
        node = self.definitions(path).get(name)
        result = False
        if isinstance(node, Imported) and depth < 6:
            result = self.name_asserts(node.module, node.name, depth + 1)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            result = any(self.is_assertion(child, path, depth + 1) for child in ast.walk(node) if child is not node)
        self._cache[key] = result
        return result

    def is_assertion(self, node: ast.AST, path: Path, depth: int = 0) -> bool:
        if isinstance(node, (ast.Assert, ast.Raise)):
            return True
        if isinstance(node, ast.Call):
            receiver, name = _callee_name(node)
            if name is None:
                return False
            if receiver == "pytest" and name in ASSERTING_PYTEST:
                return True
            if name.startswith(ASSERTING_PREFIXES):
                return True
            if receiver in (None, "self", "cls") and depth < 6:
                return self.name_asserts(path, name, depth)
        return False

    def non_empty(self, node: ast.expr, path: Path, local: dict[str, ast.expr], depth: int = 0) -> bool:
        """`node` is a collection known to have items: a non-empty literal, or a name (local, module-level or imported
        from the repository) bound to one, possibly through ``enumerate``/``sorted``/``.items()`` and the like."""
        if depth > 6:
            return False
        if _literal_non_empty(node):
            return True
        if isinstance(node, ast.Name):
            if node.id in local:
                return self.non_empty(local[node.id], path, {}, depth + 1)
            bound = self.definitions(path).get(node.id)
            if isinstance(bound, Bound):
                return self.non_empty(bound.value, path, {}, depth + 1)
            if isinstance(bound, Imported):
                return self.non_empty(ast.Name(id=bound.name), bound.module, {}, depth + 1)
            return False
        if isinstance(node, ast.Call):
            inner = _unwrapped(node)
            if isinstance(inner, list):
                return all(self.non_empty(arg, path, local, depth + 1) for arg in inner)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):  # [f(x) for x in (1, 2)]
            return all(
                not generator.ifs and self.non_empty(generator.iter, path, local, depth + 1)
                for generator in node.generators
            )
        return False

    def statement_asserts(self, statement: ast.AST, path: Path) -> bool:
        """`statement` contains an assertion that runs when it runs (nested definitions excluded)."""
        return self.is_assertion(statement, path) or any(
            self.is_assertion(node, path) for node in _walk_no_nested(statement)
        )


def _resolve_module(importer: Path, module: str, level: int) -> Path | None:
    """The repository file of `from <module> import …` in `importer` (suites run from the root or their member)."""
    parts = module.split(".")
    if level:
        base = importer.parent
        for _ in range(level - 1):
            base = base.parent
        roots = [base]
    else:
        members = [parent for parent in importer.parents if (parent / "pyproject.toml").exists()]
        roots = [ROOT, *members, *(member / "src" for member in members), *ROOT.glob("services/*/src"),
                 ROOT / "libs" / "common" / "src"]  # fmt: skip
    for root in roots:
        candidate = root.joinpath(*parts)
        for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
            if path.is_file() and ".venv" not in path.parts:
                return path
    return None


# ------------------------------------------------------------------------------------------------------ the checks


def _literal_non_empty(node: ast.expr) -> bool:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and not any(isinstance(element, ast.Starred) for element in node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.keys)
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return bool(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("range", "enumerate", "zip"):
        if node.func.id == "range":
            args = node.args
            if len(args) == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, int):
                return args[0].value > 0
            bounds = [arg.value for arg in args if isinstance(arg, ast.Constant) and isinstance(arg.value, int)]
            return len(args) == len(bounds) == 2 and bounds[1] > bounds[0]
        return bool(node.args) and all(_literal_non_empty(arg) for arg in node.args)
    return False


#: Calls whose result has items exactly when their (first) arguments do.
PASS_THROUGH = frozenset({"enumerate", "sorted", "list", "tuple", "reversed", "zip", "set", "iter"})
PASS_THROUGH_METHODS = frozenset({"items", "keys", "values", "copy"})


def _unwrapped(node: ast.Call) -> list[ast.expr] | ast.Call:
    """The collections a pass-through call iterates (``zip(a, b)`` → [a, b]; ``d.items()`` → [d]), else `node`."""
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    if name == "range" and len(node.args) == 1 and isinstance(node.args[0], ast.Call):
        length = node.args[0]  # range(len(items)) walks items' indexes
        if isinstance(length.func, ast.Name) and length.func.id == "len" and len(length.args) == 1:
            return [length.args[0]]
    if (name in PASS_THROUGH and node.args and not isinstance(node.func, ast.Attribute)) or name == "pairwise":
        return list(node.args) if name == "zip" else [node.args[0]]
    if isinstance(node.func, ast.Attribute) and node.func.attr in PASS_THROUGH_METHODS and not node.args:
        return [node.func.value]
    return node


def _collection_key(node: ast.expr) -> str:
    """The source text of what a loop iterates, without pass-through wrappers (``enumerate(rows)`` → ``rows``)."""
    if isinstance(node, ast.Call):
        inner = _unwrapped(node)
        if isinstance(inner, list) and inner:
            return _collection_key(inner[0])
    return ast.unparse(node)


def _is_collection(node: ast.AST, key: str) -> bool:
    if isinstance(node, ast.Call):
        inner = _unwrapped(node)
        if isinstance(inner, list):
            return any(_is_collection(arg, key) for arg in inner)
    return isinstance(node, ast.expr) and ast.unparse(node) == key


#: Calls that fail on, or tell, an empty collection: ``len(x) == 3``, ``any(…)``, ``sum(x) == 4``, ``max(x)``.
SIZED = frozenset({"len", "any", "sum", "min", "max", "next"})


def _comprehends(node: ast.AST, key: str) -> bool:
    """`node` is (or wraps) a comprehension over `key`: ``{v["type"] for v in videos} == {…}`` pins `videos`."""
    return any(
        isinstance(inner, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp))
        and any(_collection_key(generator.iter) == key for generator in inner.generators)
        for inner in ast.walk(node)
    )


def _checks_size(check: ast.Assert | ast.Call, key: str) -> bool:
    """`check` fails when the collection `key` is empty (or pins what it holds): ``assert items``, ``len(items)``,
    ``items[0]``, ``items == [...]``, ``x in items``; an asserting helper given the collection counts too."""
    if isinstance(check, ast.Call):
        return any(_is_collection(arg, key) for arg in [*check.args, *(kw.value for kw in check.keywords)])
    if _is_collection(check.test, key):
        return True
    for node in ast.walk(check.test):
        sized_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SIZED
        if sized_call and key in ast.unparse(node):
            return True
        if isinstance(node, ast.Subscript) and _is_collection(node.value, key):
            return True
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            sized = any(isinstance(op, (ast.Eq, ast.NotEq, ast.Gt, ast.GtE, ast.In, ast.NotIn)) for op in node.ops)
            if sized and any(_is_collection(operand, key) or _comprehends(operand, key) for operand in operands):
                return True
    return False


def _with_asserts(items: list[ast.withitem]) -> bool:
    for item in items:
        expression = item.context_expr
        if isinstance(expression, ast.Call):
            receiver, name = _callee_name(expression)
            if (receiver == "pytest" and name in ASSERTING_PYTEST) or (name or "").startswith(ASSERTING_PREFIXES):
                return True
    return False


class TestScan:
    def __init__(self, asserters: Asserters, path: Path) -> None:
        self.asserters = asserters
        self.path = path

    def asserts(self, node: ast.AST) -> bool:
        return self.asserters.statement_asserts(node, self.path)

    local: dict[str, ast.expr]

    def always(self, statements: Iterable[ast.stmt]) -> bool:
        """Running `statements` to their end is sure to run an assertion."""
        return any(self.always_one(statement) for statement in statements)

    def always_one(self, statement: ast.stmt) -> bool:
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            return (
                self.asserts(statement.iter)
                or (self.asserters.non_empty(statement.iter, self.path, self.local) and self.always(statement.body))
                or self.always(statement.orelse)  # `else` runs after the loop, empty or not (barring `break`)
            )
        if isinstance(statement, ast.While):
            infinite = isinstance(statement.test, ast.Constant) and bool(statement.test.value)
            return self.asserts(statement.test) or (infinite and self.asserts(statement))
        if isinstance(statement, ast.If):
            return self.asserts(statement.test) or (self.always(statement.body) and self.always(statement.orelse))
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            return (
                _with_asserts(statement.items)
                or any(self.asserts(item.context_expr) for item in statement.items)
                or self.always(statement.body)
            )
        if isinstance(statement, ast.Try) or (sys.version_info >= (3, 11) and isinstance(statement, ast.TryStar)):
            return self.always(statement.body) or self.always(statement.finalbody)
        if isinstance(statement, ast.Match):
            return self.asserts(statement.subject)
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False
        return self.asserts(statement)

    def findings(self, test: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[int, str, str]]:
        found: list[tuple[int, str, str]] = []
        body = test.body
        nodes = list(_walk_no_nested(test))
        self.local = {}
        for node in nodes:  # names bound once in the test, to what (a non-empty literal makes a loop certain)
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                self.local[name] = node.value if name not in self.local else ast.Constant(value=None)
        for node in nodes:
            if isinstance(node, ast.Assert) and isinstance(node.test, (ast.Constant, ast.Tuple, ast.JoinedStr)):
                found.append((node.lineno, "constant-assert", "assert on a constant or a tuple is always true"))
        returns = [node for node in nodes if isinstance(node, ast.Return)]
        last = body[-1] if body else None
        early = [node for node in returns if node is not last]
        if early:
            found.append((early[0].lineno, "early-return", "a return before the end: that path asserts nothing more"))
        for node in nodes:
            if isinstance(node, ast.Try) and self.asserts(ast.Module(body=node.body, type_ignores=[])):
                for handler in node.handlers:
                    if _catches_assertion(handler.type) and not any(
                        isinstance(inner, ast.Raise) or self.asserters.is_assertion(inner, self.path)
                        for inner in ast.walk(handler)
                    ):
                        found.append(
                            (handler.lineno, "swallowed", "an except around asserting code catches AssertionError")
                        )
            if isinstance(node, (ast.With, ast.AsyncWith)) and self.asserts(
                ast.Module(body=node.body, type_ignores=[])
            ):
                for item in node.items:
                    expression = item.context_expr
                    if (
                        isinstance(expression, ast.Call)
                        and _callee_name(expression)[1] == "suppress"
                        and any(_catches_assertion(arg) for arg in expression.args)
                    ):
                        found.append((node.lineno, "swallowed", "suppress() around asserting code"))
        if not any(self.asserts(statement) for statement in body):
            found.append((test.lineno, "no-assertion", "nothing in it can fail"))
        elif not self.always(body):
            found.append(
                (test.lineno, "conditional-only", "every assertion is in a loop or an if whose body may not run")
            )
        else:
            found += self.unchecked_loops(nodes)
        return found

    def unchecked_loops(self, nodes: list[ast.AST]) -> list[tuple[int, str, str]]:
        """Loops (and ``all(…)``) whose assertions run per item of a collection that may be empty, when no other
        assertion of the test fails on an empty one."""
        found: list[tuple[int, str, str]] = []
        checks = [  # every assertion of the test (an assert statement or an asserting call)
            node
            for node in nodes
            if isinstance(node, (ast.Assert, ast.Call)) and self.asserters.is_assertion(node, self.path)
        ]
        for node in nodes:
            if isinstance(node, ast.Assert) and isinstance(node.test, ast.Call):
                call = node.test
                if not (isinstance(call.func, ast.Name) and call.func.id == "all" and len(call.args) == 1):
                    continue
                argument = call.args[0]
                if not isinstance(argument, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
                    continue
                iterable = argument.generators[0].iter
                if not self.size_checked(iterable, node, checks, nodes):
                    key = _collection_key(iterable)
                    found.append((node.lineno, "vacuous-all", f"`all(…)` over `{key}` is true when it is empty"))
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                if not any(self.asserts(statement) for statement in node.body):
                    continue
                if self.always(node.orelse):  # `for … else: pytest.fail(…)`
                    continue
                if not self.size_checked(node.iter, node, checks, nodes):
                    key = _collection_key(node.iter)
                    found.append((node.lineno, "unchecked-loop", f"asserts only per item of `{key}`, may be empty"))
        return found

    def size_checked(
        self, iterable: ast.expr, where: ast.AST, checks: Sequence[ast.Assert | ast.Call], nodes: list[ast.AST]
    ) -> bool:
        """`iterable` has items for sure, or another assertion of the test (before or after) fails without them: on
        it, or on a name the test builds from it (``sources = [s for e in episodes for s in …]; assert sources``)."""
        if self.asserters.non_empty(iterable, self.path, self.local):
            return True
        keys = {_collection_key(iterable)}
        for node in nodes:  # names built by a comprehension over the collection
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp))
                and any(_collection_key(generator.iter) in keys for generator in node.value.generators)
            ):
                keys.add(node.targets[0].id)
        inside = set(map(id, ast.walk(where)))
        return any(id(check) not in inside and _checks_size(check, key) for check in checks for key in keys)


def _catches_assertion(kind: ast.expr | None) -> bool:
    if kind is None:
        return True
    if isinstance(kind, ast.Name):
        return kind.id in CATCHES_ASSERTION
    if isinstance(kind, ast.Attribute):
        return kind.attr in CATCHES_ASSERTION
    if isinstance(kind, ast.Tuple):
        return any(_catches_assertion(element) for element in kind.elts)
    return False


def _tests(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                    yield item


def _reviewed(lines: list[str], test: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    first = min([test.lineno, *(decorator.lineno for decorator in test.decorator_list)])
    window = lines[max(first - 2, 0) : test.body[0].lineno - 1] if test.body else []
    return any(MARKER in line for line in window)


def scan_file(path: Path, asserters: Asserters) -> list[Finding]:
    source = path.read_text()
    tree = ast.parse(source, str(path))
    lines = source.splitlines()
    scan = TestScan(asserters, path)
    return [
        Finding(path, line, test.name, kind, detail, _reviewed(lines, test))
        for test in _tests(tree)
        for line, kind, detail in scan.findings(test)
    ]


def test_files(paths: Iterable[Path]) -> list[Path]:
    files: set[Path] = set()
    for path in paths:
        if path.is_file():
            files.add(path.resolve())
        elif path.is_dir():
            files.update(
                found.resolve() for found in path.rglob("test_*.py") if not {".venv", "node_modules"} & set(found.parts)
            )
    return sorted(files)


#: Findings waiting for their fix in suites owned elsewhere: ``<path>::<test>::<kind>`` per line (``#`` comments).
#: They are printed but do not fail the scan; an entry that no longer matches is reported as stale (delete it).
KNOWN = Path(__file__).with_name("scan_tests_known.txt")


def read_known(path: Path) -> set[str]:
    if not path.exists():
        return set()
    entries = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {entry for entry in entries if entry}


def known_key(finding: Finding) -> str:
    shown = finding.path.relative_to(ROOT) if finding.path.is_relative_to(ROOT) else finding.path
    return f"{shown.as_posix()}::{finding.test}::{finding.kind}"


#: The scanner's own check: each sample test and the kinds it must (or must not) be reported for.
SELF_TEST = """
import contextlib
import pytest

ITEMS = [1, 2]


def helper(x):
    assert x


def test_nothing():  # expect: no-assertion
    x = 1 + 1


def test_plain():  # expect:
    assert 1 + 1 == 2


def test_loop_only(items):  # expect: conditional-only
    for item in items:
        assert item


def test_loop_over_literals():  # expect:
    for item in (1, 2):
        assert item
    for item in ITEMS:
        assert item
    names = ["a", "b"]
    for name in names:
        assert name
    for name in [n.upper() for n in names]:
        assert name


def test_if_only(x):  # expect: conditional-only
    if x:
        assert x


def test_if_else(x):  # expect:
    if x:
        assert x
    else:
        assert not x


def test_tuple():  # expect: constant-assert
    assert (1 == 2, "message")


def test_returns_early(x):  # expect: early-return
    if not x:
        return
    assert x


def test_swallowed(x):  # expect: swallowed
    try:
        assert x
    except Exception:
        pass


def test_suppressed(x):  # expect: swallowed
    with contextlib.suppress(AssertionError):
        assert x


def test_raises():  # expect:
    with pytest.raises(ValueError):
        int("x")


def test_helper():  # expect:
    helper(1)


def test_unchecked_loop(items):  # expect: unchecked-loop
    assert items is not None
    for item in items:
        assert item


def test_checked_loop(items):  # expect:
    assert len(items) == 2
    for item in items:
        assert item
    for index in range(len(items)):
        assert items[index]


def test_vacuous_all(items):  # expect: vacuous-all
    assert items is not None
    assert all(item > 0 for item in items)


def test_all_after_a_pin(videos):  # expect:
    assert {v["type"] for v in videos} == {"iframe"}
    assert all(v["url"] for v in videos)


def test_loop_else_fails(items):  # expect:
    assert items is not None
    for item in items:
        if item:
            assert item
            break
    else:
        pytest.fail("no item")


def test_polls():  # expect:
    while True:
        raise AssertionError("timeout")


def test_reviewed():  # scan-tests: ok — only "does not raise"; expect: no-assertion (reviewed)
    int("1")
"""


def self_test() -> list[str]:
    """Scan :data:`SELF_TEST`; the differences from its ``# expect:`` comments (empty when the scanner is right)."""
    import re
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "test_samples.py"
        path.write_text(SELF_TEST)
        findings = scan_file(path, Asserters())
    tree = ast.parse(SELF_TEST)
    lines = SELF_TEST.splitlines()
    problems = []
    for test in _tests(tree):
        expected_text = re.search(r"expect:([^;]*)$", lines[test.lineno - 1])
        expected = set((expected_text.group(1) if expected_text else "").replace("(reviewed)", "").split())
        got = {finding.kind for finding in findings if finding.test == test.name}
        if got != expected:
            problems.append(f"{test.name}: expected {sorted(expected) or 'nothing'}, got {sorted(got) or 'nothing'}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: every Python suite)")
    parser.add_argument("--all", action="store_true", help="also print the findings marked as reviewed")
    parser.add_argument("--self-test", action="store_true", help="check the scanner on its own samples and exit")
    args = parser.parse_args(argv)
    if args.self_test:
        problems = self_test()
        for problem in problems:
            print(f"scan_tests self-test: {problem}", file=sys.stderr)
        return 1 if problems else 0
    problems = self_test()
    if problems:
        print("scan_tests: the scanner fails its own samples (--self-test)", file=sys.stderr)
        return 2
    files = test_files(args.paths or [ROOT / suite for suite in SUITES])
    asserters = Asserters()
    findings = [finding for path in files for finding in scan_file(path, asserters)]
    known = read_known(KNOWN)
    open_findings = [finding for finding in findings if not finding.reviewed and known_key(finding) not in known]
    waiting = [finding for finding in findings if not finding.reviewed and known_key(finding) in known]
    for finding in findings if args.all else open_findings:
        print(finding)
    for finding in waiting:
        print(f"{finding} [known: {KNOWN.name}]")
    stale = [] if args.paths else sorted(known - {known_key(finding) for finding in findings})
    for entry in stale:
        print(f"{KNOWN.name}: stale entry (fixed? delete it): {entry}", file=sys.stderr)
    reviewed = len(findings) - len(open_findings) - len(waiting)
    print(
        f"scan_tests: {len(files)} files, {len(open_findings)} finding(s) to fix, {len(waiting)} known "
        f"({KNOWN.name}), {reviewed} reviewed (`# {MARKER} — why`)",
        file=sys.stderr,
    )
    return 1 if open_findings else 0


if __name__ == "__main__":
    sys.exit(main())
