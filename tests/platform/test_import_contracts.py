"""The import contracts (pyproject.toml, [tool.importlinter]) hold, and catch a violation.

`make lint` runs `lint-imports` on the tree as it is; here a copy of the package gets one
deliberate violation per kind of contract, and import-linter must name each one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_contracts_hold_on_the_code_as_it_is() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_each_kind_of_violation_breaks_its_contract(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    package = tmp_path / "src" / "gongkai"
    shutil.copytree(ROOT / "src" / "gongkai", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "annual_report" / "uses_django.py").write_text("from django.db import models\n")
    (package / "registers" / "uses_case_pages.py").write_text("from gongkai.applications.views import work\n")
    (package / "web" / "uses_demo.py").write_text("from gongkai.demo import catalogue\n")
    (package / "catalogue" / "uses_demo.py").write_text("import gongkai.demo\n")
    (package / "core" / "uses_agencies.py").write_text("from gongkai.agencies import models\n")
    (package / "catalogue" / "uses_reports.py").write_text("from gongkai.reports import models\n")

    result = _lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "The report, clock and search-token cores import no Django BROKEN" in out
    assert "gongkai.annual_report.uses_django -> django (l.1)" in out
    assert "No app imports the case pages (gongkai.applications.views) BROKEN" in out
    assert "gongkai.registers.uses_case_pages -> gongkai.applications.views.work (l.1)" in out
    assert "Only the load_demo command imports the demo BROKEN" in out
    assert "gongkai.web.uses_demo -> gongkai.demo.catalogue (l.1)" in out
    assert "gongkai.catalogue.uses_demo -> gongkai.demo (l.1)" in out
    # the contracts not touched by the copy still hold there
    assert "No app imports the catalogue's pages (gongkai.catalogue.views) KEPT" in out
    assert "The platform (gongkai.core) knows nothing of agencies BROKEN" in out
    assert "gongkai.core.uses_agencies -> gongkai.agencies.models (l.1)" in out
    assert "The catalogue knows nothing of the annual report" in out
    assert "gongkai.catalogue.uses_reports -> gongkai.reports.models (l.1)" in out
    # the catalogue importing the demo imports, through it, what the demo loads: the reports and
    # oversight apps, which the catalogue must not know either
    assert "Oversight sits above the report record: nothing below imports it BROKEN" in out
    assert "Contracts: 4 kept, 6 broken." in out


def test_the_demo_contract_watches_every_package_but_the_demo() -> None:
    """A new package under gongkai is covered by "Only the load_demo command imports the demo"
    only if it is listed there: the list must name every package and module of gongkai but the demo."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"] == "Only the load_demo command imports the demo"
    )
    package = ROOT / "src" / "gongkai"
    everything = {
        f"gongkai.{path.stem}"
        for path in package.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem != "__init__")
    }
    assert contract["forbidden_modules"] == ["gongkai.demo"]
    assert sorted(contract["source_modules"]) == sorted(everything - {"gongkai.demo"})
    assert "ignore_imports" not in contract
