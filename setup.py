"""Ship the top-level data/ and themes/ folders inside the package.

pyproject.toml cannot combine package discovery with folders mapped from outside the
package tree, so this small shim does it.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["perftui", "perftui.*"]) + ["perftui.bundled_data", "perftui.bundled_themes"],
    package_dir={"perftui.bundled_data": "data", "perftui.bundled_themes": "themes"},
)
