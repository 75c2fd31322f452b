"""Only for what pyproject.toml cannot say: the wheel carries resources/ and seeds/ inside the package
(as reader/_data/...), so an installed Reader finds its style sheet, icons and sample story."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "reader" / "_data"
        for name in ("resources", "seeds"):
            shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
