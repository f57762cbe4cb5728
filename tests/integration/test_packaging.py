"""A wheel, installed outside the checkout, is a whole platform: migrations, shipped courses,
demo data, templates and static files travel inside the package."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a clone has and the build reads; copied so the build leaves the checkout untouched.
BUILD_INPUTS = ("elearn", "migrations", "courses", "demo")
BUILD_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def run(args: list, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_shipped")
    for name in BUILD_INPUTS:
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    # No build isolation: this venv's setuptools builds it, nothing is downloaded.
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, source], tmp_path)
    [wheel] = wheels.glob("elearn-*.whl")
    return wheel


def install_apart(wheel: Path, tmp_path: Path) -> Path:
    """A fresh venv with the wheel alone; the dependencies come from the test venv by a .pth
    line (offline and fast), which does not bring this checkout's editable install along."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", "--python", python]
    run([*pip, "install", "--no-deps", wheel], tmp_path)
    purelib = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path
        ).strip()
    )
    (purelib / "zz_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


@pytest.mark.packaging
def test_wheel_installed_apart_runs_db_upgrade_and_the_demo(tmp_path):
    venv = install_apart(build_wheel(tmp_path), tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ELEARN_", "PYTHON"))}
    env["ELEARN_INSTANCE_PATH"] = str(work / "instance")
    python, elearn = venv / "bin" / "python", venv / "bin" / "elearn"

    where = run([python, "-c", "import elearn; print(elearn.__file__)"], work, env)
    assert where.startswith(str(venv)), where
    run([elearn, "db", "upgrade"], work, env)
    output = run([elearn, "demo", "--no-serve"], work, env)

    assert output.count("versi 1 diterbitkan.") == 4, output
    with sqlite3.connect(work / "instance" / "elearn.db") as conn:
        users = {name for (name,) in conn.execute("SELECT username FROM users")}
        live = conn.execute("SELECT count(*) FROM courses WHERE live_version_id IS NOT NULL")
        assert live.fetchone()[0] == 4
    assert users == {"peserta", "pengajar", "hr", "kepala", "admin"}
    # Served pages need the packaged templates and static files.
    probe = (
        "from elearn import create_app\n"
        "client = create_app().test_client()\n"
        "page = client.get('/login')\n"
        "assert page.status_code == 200 and 'Masuk dengan NIP' in page.get_data(as_text=True)\n"
        "print(client.get('/static/elearn.css').status_code)\n"
    )
    assert run([python, "-c", probe], work, env).strip() == "200"
