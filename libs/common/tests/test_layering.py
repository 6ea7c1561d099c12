"""`make lint` runs import-linter with the contracts in the root pyproject.toml. This proves they bite: a copy of
the real configuration is run against stand-in read-api and parser packages that break each kind of rule."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def lint_imports(config: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable is not None, "import-linter is a dev dependency"
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        [executable, "--config", str(config), "--no-cache"], capture_output=True, text=True, env=env, check=False
    )


def write_package(base: Path, files: dict[str, str]) -> None:
    for relative, source in files.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


CLEAN = {
    # read-api has no domain layer
    "ani_read/__init__.py": "",
    "ani_read/main.py": "from ani_read import bootstrap, api\n",
    "ani_read/bootstrap.py": "from ani_read import infrastructure\n",
    "ani_read/api/__init__.py": "from ani_read import application\n",
    "ani_read/infrastructure/__init__.py": "import redis\nfrom ani_read import application\n",
    "ani_read/application/__init__.py": "import ani_common\n",
    "ani_parser/__init__.py": "",
    "ani_parser/cli.py": "from ani_parser import main\n",
    "ani_parser/main.py": "from ani_parser import bootstrap\n",
    "ani_parser/bootstrap.py": "from ani_parser import fakes, infrastructure\n",
    "ani_parser/fakes/__init__.py": "",
    "ani_parser/infrastructure/__init__.py": "import httpx\nfrom ani_parser import application\n",
    "ani_parser/application/__init__.py": "from ani_parser import domain\n",
    "ani_parser/domain/__init__.py": "",
}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    target = tmp_path / "pyproject.toml"
    shutil.copy(ROOT / "pyproject.toml", target)
    return target


def test_the_real_tree_keeps_every_contract(config: Path, tmp_path: Path) -> None:
    result = lint_imports(config, tmp_path / "empty")
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout


def test_a_clean_layered_package_passes(config: Path, tmp_path: Path) -> None:
    write_package(tmp_path / "pkgs", CLEAN)
    result = lint_imports(config, tmp_path / "pkgs")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("ani_parser/domain/model.py", "import redis\n", "domain is pure Python BROKEN"),
        ("ani_parser/domain/model.py", "from ani_parser import application\n", "parser layers BROKEN"),
        ("ani_read/application/use.py", "from ani_read import api\n", "read-api layers BROKEN"),
        ("ani_read/application/use.py", "import fastapi\n", "application knows no framework or driver BROKEN"),
        ("ani_read/api/leak.py", "import ani_write\n", "services never import each other BROKEN"),
        ("ani_read/api/sideways.py", "from ani_read import infrastructure\n", "read-api layers BROKEN"),
    ],
)
def test_each_kind_of_violation_fails(config: Path, tmp_path: Path, module: str, source: str, broken: str) -> None:
    write_package(tmp_path / "pkgs", {**CLEAN, module: source})
    result = lint_imports(config, tmp_path / "pkgs")
    assert result.returncode == 1
    assert broken in result.stdout
