"""`pip install .` (not only an editable install) ships web/ as termsearch.web and serves it."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).resolve().parent / "browser" / "reports" / "small.txt"

pytestmark = pytest.mark.slow


def pip(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """A wheel built from a copy of the project (the working tree gets no build/ folder), and
    what the build said on stderr."""
    work = tmp_path_factory.mktemp("wheel")
    project = work / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    for name in ("src", "web"):
        shutil.copytree(ROOT / name, project / name, ignore=ignore)
    dist = work / "dist"
    made = pip("wheel", str(project), "--no-deps", "-w", str(dist), "-q")
    if made.returncode != 0:           # offline: build with the setuptools already installed
        made = pip("wheel", str(project), "--no-deps", "--no-build-isolation", "-w", str(dist), "-q")
    assert made.returncode == 0, made.stderr[-2000:]
    return next(dist.glob("termsearch-*.whl")), made.stderr


@pytest.fixture(scope="module")
def wheel(built) -> Path:
    return built[0]


def test_the_build_knows_every_folder_it_ships(built):
    # A folder of data files Python could import (a namespace package) but left out of
    # pyproject's package list: setuptools warns that it would be ignored, on every install.
    assert "absent from the `packages` configuration" not in built[1], built[1][-3000:]


def test_the_wheel_holds_templates_static_files_and_the_widget(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    web = ROOT / "web"
    expected = {f"termsearch/web/{p.relative_to(web).as_posix()}" for p in web.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert expected <= names, sorted(expected - names)
    for must in ("termsearch/web/templates/base.html", "termsearch/web/static/style.css",
                 "termsearch/web/static/app.js", "termsearch/web/widget/widget.js",
                 "termsearch/web/widget/demo.html"):
        assert must in names


def test_the_wheel_holds_every_module_of_the_package(wheel):
    # pyproject.toml lists the packages by hand (web/ is mapped in); none may be left out.
    names = set(zipfile.ZipFile(wheel).namelist())
    src = ROOT / "src"
    modules = {p.relative_to(src).as_posix() for p in (src / "termsearch").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules <= names, sorted(modules - names)


def test_an_installed_wheel_serves_pages_static_files_and_the_widget(wheel, small_index, tmp_path):
    site = tmp_path / "site"
    installed = pip("install", "--no-deps", "--no-compile", "--target", str(site), str(wheel), "-q")
    assert installed.returncode == 0, installed.stderr[-2000:]
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        import termsearch
        from termsearch.app import create_app, web_root
        assert Path(termsearch.__file__).is_relative_to({str(site)!r}), termsearch.__file__
        assert web_root().is_relative_to({str(site)!r}), web_root()
        client = create_app({str(small_index)!r}).test_client()
        for url in ["/", "/?q=shuangwan", "/terms/small:g01", "/documents/small", "/glossary",
                    "/static/style.css", "/static/app.js", "/widget.js", "/widget/demo"]:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        print("served")
    """)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0 and "served" in run.stdout, run.stderr[-3000:]
