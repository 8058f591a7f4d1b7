"""The project's shape: the package is installed (not reached by sys.path), tracked by git,
and its paths do not depend on the working directory."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import readouts
from readouts import paths


def test_package_is_the_installed_lib_readouts_not_a_sys_path_hack(tmp_path):
    # from an unrelated folder, a fresh interpreter finds the same package through its installation
    out = subprocess.run([sys.executable, "-c", "import readouts, sys; print(readouts.__file__); "
                          "print(any('lib' == p.rstrip('/').split('/')[-1] for p in sys.path))"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    assert Path(out[0]) == paths.PROJ_ROOT / "lib" / "readouts" / "__init__.py"
    assert Path(readouts.__file__).parent == paths.PACKAGE_DIR


def test_paths_are_anchored_to_the_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.SEEDS_DIR == paths.PROJ_ROOT / "seeds" and paths.SEEDS_DIR.is_dir()
    assert paths.NOTEBOOKS_DIR.is_dir()
    assert (paths.PROJ_ROOT / "pyproject.toml").is_file()


def test_lib_is_not_ignored_by_git():
    out = subprocess.run(["git", "check-ignore", "lib/readouts/__init__.py"], cwd=paths.PROJ_ROOT,
                         capture_output=True, text=True)
    assert out.stdout == "" and out.returncode == 1


def test_the_seed_is_the_shared_seed_byte_for_byte_when_shared_is_beside_us():
    shared = paths.PROJ_ROOT.parent / "shared" / "seeds" / "000_266e6183bf0e3f11.txt"
    ours = paths.SEEDS_DIR / "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju.txt"
    # the digest of ../shared/seeds/000_266e6183bf0e3f11.txt, so the check holds in a clone without it
    assert hashlib.sha256(ours.read_bytes()).hexdigest() == "1f284880e6509a82d851a1d5f7db05a78f9d5801fe6d4cf6653b1b536126ff43"
    if shared.exists():
        assert shared.read_bytes() == ours.read_bytes()


def test_requirements_are_pinned_and_shared_by_environment_yml():
    reqs = [line.split("#")[0].strip() for line in
            (paths.PROJ_ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [r for r in reqs if r]
    assert reqs and all("==" in r for r in reqs)
    names = {r.split("==")[0].lower() for r in reqs}
    assert {"pandas", "matplotlib", "textblob", "jupyterlab", "papermill", "pytest"} <= names
    env = (paths.PROJ_ROOT / "environment.yml").read_text()
    assert "-r requirements.txt" in env and "-e ." in env and "python=3.11" in env


def test_ci_runs_make_test_and_readme_shows_the_two_commands():
    assert "make test" in (paths.PROJ_ROOT / ".ci" / "run").read_text()
    assert os.access(paths.PROJ_ROOT / ".ci" / "run", os.X_OK)
    readme = (paths.PROJ_ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme
