"""Paths anchored to the package, never to the caller's working directory.

The project root is the folder that holds ``lib/``; it exists when the package is
installed in editable mode (``pip install -e .``), which is how Readouts is set up.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"            # lexicons and schemes shipped with the package

PROJ_ROOT = PACKAGE_DIR.parents[1]         # lib/readouts -> lib -> project root
SEEDS_DIR = PROJ_ROOT / "seeds"            # the input texts (read-only for the library)
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
BUILD_DIR = PROJ_ROOT / "build"            # everything the report writes
