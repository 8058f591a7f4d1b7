"""Fingerprint what Readouts writes, to show a restructuring changed no behaviour.

Runs `readouts annotate` (sentences, documents, spans) on the seed and on 40 UN General Debate speeches (a seeded
sample from ../shared/corpora), and `readouts report` on the seed, then prints the SHA-256 of every CSV written.
Run it before and after a change and compare the two listings:

    python bench/compare_outputs.py > before.txt     # on the old commit
    python bench/compare_outputs.py > after.txt      # on the new one
    diff before.txt after.txt                        # nothing: the same bytes

Without ../shared the UN part is skipped with a note. Paths in the listing are relative to the output folder;
absolute paths inside the tables (the project's and the temporary folder's) are replaced by placeholders first, so
two checkouts in different folders can be compared.
"""
from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
UN_ARCHIVE = PROJ_ROOT.parent / "shared" / "corpora" / "ungdc-1946-2019.tar.xz"
SAMPLE, SEED = 40, 13


def un_sample(dest: Path) -> Path | None:
    """Unpack a seeded sample of 40 speeches into dest; None when the archive is absent."""
    if not UN_ARCHIVE.exists():
        print(f"# {UN_ARCHIVE} not found: the UN sample is skipped", file=sys.stderr)
        return None
    with tarfile.open(UN_ARCHIVE) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")
                          and not Path(m.name).name.startswith(".")), key=lambda m: m.name)
        chosen = random.Random(SEED).sample(members, SAMPLE)
        out = dest / "un40"
        out.mkdir()
        for m in chosen:
            (out / Path(m.name).name).write_bytes(tar.extractfile(m).read())
    return out


def run(*args: str, cwd: Path = PROJ_ROOT) -> None:
    subprocess.run([sys.executable, "-m", "readouts", *args], check=True, cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "out"
        # corpora given relative to the folder the command runs in: the `path` column is the same every run
        corpora = {"seed": (PROJ_ROOT, "seeds")}
        if un_sample(tmp):
            corpora["un40"] = (tmp, "un40")
        for name, (cwd, path) in corpora.items():
            run("annotate", path, "--out", str(out / name / "sentences.csv"), "--documents",
                str(out / name / "documents.csv"), "--spans", str(out / name / "spans.csv"), "--no-cache", "--quiet",
                cwd=cwd)
        run("report", "--corpus", str(PROJ_ROOT / "seeds"), "--build", str(out / "report"))
        for f in sorted(out.rglob("*.csv")):
            # absolute paths (the report's `path` column) name this checkout and this run's folder
            data = f.read_bytes().replace(str(PROJ_ROOT).encode(), b"<project>").replace(str(tmp).encode(), b"<tmp>")
            print(hashlib.sha256(data).hexdigest(), f.relative_to(out))


if __name__ == "__main__":
    main()
