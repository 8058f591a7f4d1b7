"""Benchmark of loading and segmenting: `make bench`.

Measures, each stage in a fresh process (so peak memory is the stage's own):
  floor     read every file and split it into words with one regular expression
  load      load_corpus: decode, parse headers, paragraphs (hard-wrap joining), datelines
  segment   load_corpus + every document's sentences
  tables    load_corpus + the sentence and documents tables, without annotations
  annotate  load_corpus + every annotation layer and the three tables (what `readouts annotate` builds)
on the seed (repeated to make the time measurable) and on the UN General Debate corpus in
../shared/corpora (unpacked to a temporary folder) when it is there. Prints a Markdown table
and writes it to BENCHMARKS.md. Figures, not assertions: nothing here fails a build.
"""
from __future__ import annotations

import json
import os
import platform
import re
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from readouts.paths import PROJ_ROOT, SEEDS_DIR

UN_ARCHIVE = PROJ_ROOT.parent / "shared" / "corpora" / "ungdc-1946-2019.tar.xz"
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
STAGES = ("floor", "load", "segment", "tables", "annotate")


def run_stage(stage: str, paths: list[str], repeat: int) -> dict:
    started = time.perf_counter()
    n_docs = n_sent = n_words = 0
    for _ in range(repeat):
        if stage == "floor":
            from readouts.corpus import find_files
            for f in find_files(paths)[0]:
                n_words += len(WORD.findall(f.read_bytes().decode("utf-8", "replace")))
                n_docs += 1
            continue
        import warnings
        from readouts import load_corpus
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus(paths)
        n_docs += len(corpus)
        if stage == "segment":
            n_sent += sum(len(d.sentences) for d in corpus)
        elif stage == "tables":
            sentences = corpus.sentences_table()
            corpus.documents_table()
            n_sent += len(sentences)
            n_words += int(sentences.n_words.sum())
        elif stage == "annotate":
            from readouts import annotate
            tables = annotate(corpus)
            n_sent += len(tables.sentences)
            n_words += int(tables.sentences.n_words.sum())
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"stage": stage, "seconds": seconds, "docs": n_docs, "sentences": n_sent,
            "words": n_words, "peak_mb": peak_mb}


def measure(stage: str, paths: list[str], repeat: int = 1) -> dict:
    out = subprocess.run([sys.executable, __file__, "--stage", stage, "--repeat", str(repeat), *paths],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def table(name: str, paths: list[str], repeat: int) -> list[str]:
    results = {s: measure(s, paths, repeat) for s in STAGES}
    words = results["floor"]["words"] or results["tables"]["words"]
    floor_wps = words / results["floor"]["seconds"]
    rows = [f"### {name}", "",
            f"{results['tables']['docs'] // repeat:,} documents, "
            f"{results['tables']['sentences'] // repeat:,} sentences, {words // repeat:,} words"
            + (f" (each pass repeated {repeat}×)" if repeat > 1 else ""), "",
            "| stage | seconds | words/s | × floor time | peak RSS MB |", "|---|---:|---:|---:|---:|"]
    for s in STAGES:
        r = results[s]
        rows.append(f"| {s} | {r['seconds']:.2f} | {words / r['seconds']:,.0f} | "
                    f"{r['seconds'] / results['floor']['seconds']:.2f} | {r['peak_mb']:.0f} |")
    rows.append("")
    rows.append(f"Segmentation runs at {words / results['segment']['seconds'] / floor_wps:.0%} of the floor's "
                f"words per second (floor: read + one word regex, {floor_wps:,.0f} words/s).")
    rows.append("")
    return rows


def main() -> None:
    if "--stage" in sys.argv:
        i = sys.argv.index("--stage")
        stage, repeat = sys.argv[i + 1], int(sys.argv[i + 3])
        print(json.dumps(run_stage(stage, sys.argv[i + 4:], repeat)))
        return
    lines = ["# Benchmarks", "",
             f"`make bench` on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"{time.strftime('%Y-%m-%d')}. One process per stage; peak RSS is that process's maximum.", "",
             "Stages: **floor** reads each file and splits it into words with one regex; **load** is "
             "`load_corpus` (decode, header, paragraphs, dateline); **segment** adds every sentence; "
             "**tables** adds the sentence and documents tables; **annotate** runs every annotation layer "
             "and builds the documents, sentence and spans tables (`readouts annotate`).", ""]
    lines += table("Seed (1 document)", [str(SEEDS_DIR)], repeat=200)
    if UN_ARCHIVE.exists():
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            with tarfile.open(UN_ARCHIVE) as tar:
                tar.extractall(tmp, filter="data")
            print(f"unpacked the UN corpus in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            lines += table("UN General Debate corpus 1946–2019", [str(Path(tmp) / "ungdc-1946-2019")], repeat=1)
    else:
        lines += ["### UN General Debate corpus", "", f"Not measured: {UN_ARCHIVE} is not here.", ""]
    text = "\n".join(lines)
    print(text)
    (PROJ_ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
