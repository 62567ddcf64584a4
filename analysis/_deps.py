"""Imports of third-party modules with a message that names the Debian package to install.

The analysis package runs under Debian's /usr/bin/python3 with Debian's packages (no PyPI):
a missing module is an error that says which package brings it, never a silently thinner
report. `scripts/check-deps` checks that every such package is in `scripts/install-deps`.
"""
from __future__ import annotations

import importlib


class MissingDependency(ImportError):
    """A module the analysis needs is not installed; the message names the package."""


def require(module: str, package: str):
    """Imports `module`; raises MissingDependency naming the Debian `package` if it is absent."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        raise MissingDependency(
            f"the govsim analysis needs the Python module '{module}' ({e}); install the Debian "
            f"package {package} (apt-get install {package}, or run scripts/install-deps)") from e


# Every third-party module the analysis package imports, with the Debian package that brings it.
PACKAGES: dict[str, str] = {
    "numpy": "python3-numpy",
    "h5py": "python3-h5py",
    "pandas": "python3-pandas",
    "matplotlib": "python3-matplotlib",
    "scipy": "python3-scipy",
    "yaml": "python3-yaml",
}


def require_all() -> None:
    """Imports every module of PACKAGES; the first missing one raises MissingDependency."""
    for module, package in PACKAGES.items():
        require(module, package)
