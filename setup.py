"""Build step: the migrations, the shipped courses and the demo data travel inside the wheel.

They stay at the top of the repository, where trainers, Alembic and the tests look for them.
A wheel has no repository, so build_py copies them into elearn/_shipped/, which
elearn.config looks at first. An editable install reads them from the checkout.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("migrations", "courses", "demo")


class BuildWithShippedData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib, "elearn", "_shipped")
        for name in SHIPPED:
            shutil.copytree(
                ROOT / name,
                target / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )


setup(cmdclass={"build_py": BuildWithShippedData})
