"""The validation sets: where they are, and each one scored.

- ``diplomatic``: the project's gold (``validation/diplomatic/``) on the 53 texts of
  ``../shared/validation-data/diplomatic/texts`` (development corpus: every layer);
- ``polnear-train``: PolNeAR's training split (attribution in US election news, coded by its authors);
- ``cap-sotu-train``: eight State of the Union addresses in the CAP's coding (one major topic per quasi-sentence);
- ``seed``: the seed's hand labels (tone, policy): in-sample, the layers were written with it in view;
- ``un-heldout``: 14 sentences of two UN speeches coded for policy before the coder ran on them (held out);
- a researcher's own coded files (the format of ``validation/CODING_GUIDE.md``) with the texts they code.

The shared sets are looked for in ``../shared/validation-data`` beside the project, or in a folder given;
a set that is not there is skipped with a note, never an error.
"""
from __future__ import annotations

import tarfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ...paths import BUILD_DIR, PROJ_ROOT, SEEDS_DIR, VALIDATION_DIR
from ...read.corpus import load_corpus

SHARED_VALIDATION = PROJ_ROOT.parent / "shared" / "validation-data"


@dataclass
class ValidationSet:
    name: str
    role: str                      # development | in-sample | held out | your own
    description: str
    available: bool
    note: str = ""
    score: Callable[[], tuple[pd.DataFrame, pd.DataFrame]] | None = field(default=None, repr=False)


def _annotate(corpus, groups: tuple[str, ...] | None = None, scheme: str | None = None):
    """Every layer, through the annotation cache (a second validation reads the first one's results);
    ``groups`` names the layer groups a set is scored on (all are computed: they are cached together)."""
    from ...annotate import annotate

    return annotate(corpus, cache=True, progress=False, scheme=scheme)


def _quiet_load(path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **options)


def human_ceiling(field: str, measure: str = "agreement") -> float | None:
    """The double-coding agreement of one field (``validation/agreement.csv``)."""
    path = VALIDATION_DIR / "agreement.csv"
    if not path.exists():
        return None
    table = pd.read_csv(path).set_index("field")
    return float(table.loc[field, measure]) if field in table.index else None


# -- the project's development corpus ---------------------------------------------------------
def diplomatic_coded(data: Path):
    """The development corpus read, annotated (through the cache) and aligned with its gold:
    ``(gold, tables, genres)``, or None when its texts are not in ``data``."""
    from .gold import align, read_coding

    texts = data / "diplomatic" / "texts"
    if not texts.is_dir():
        return None
    meta = pd.read_csv(VALIDATION_DIR / "diplomatic" / "texts.csv", dtype=str, keep_default_na=False)
    genres = {Path(f).stem: g for f, g in zip(meta.file, meta.genre)}
    tables = _annotate(_quiet_load([texts / f for f in meta.file]))
    gold = align(read_coding(VALIDATION_DIR / "diplomatic" / "gold.csv"), tables.sentences, tables.documents)
    return gold, tables, genres


def coded_registry_ids() -> set[str] | None:
    """The formulation ids the development corpus was coded with (``validation/diplomatic/registry_coded.txt``)."""
    path = VALIDATION_DIR / "diplomatic" / "registry_coded.txt"
    if not path.exists():
        return None
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


def diplomatic_set(data: Path) -> ValidationSet:
    texts = data / "diplomatic" / "texts"
    gold_path = VALIDATION_DIR / "diplomatic" / "gold.csv"
    if not texts.is_dir():
        return ValidationSet("diplomatic", "development", "", False, f"{texts} not found: skipped")

    def score():
        from ...layers.policy import load_scheme
        from .gold import split_codes
        from .scoring import figure, joined, score_anatomy, score_formulations, score_policy, score_tone

        gold, tables, genres = diplomatic_coded(data)
        parts = [score_anatomy(gold, tables.sentences, genres), score_policy(gold, tables.sentences, load_scheme().codes, genres),
                 score_tone(gold, tables.sentences, genres),
                 score_formulations(gold, tables.sentences, genres, coded_registry_ids())]
        ceilings = [figure("anatomy", "speaker accuracy", "human", 193, human_ceiling("speaker")),
                    figure("anatomy", "verb accuracy", "human", 193, human_ceiling("verb")),
                    figure("anatomy", "point accuracy", "human", 193, human_ceiling("point")),
                    figure("policy", "micro f1", "human", 193, human_ceiling("areas", "f1")),
                    figure("tone", "kappa", "human", 193, human_ceiling("tone", "kappa")),
                    figure("tone", "accuracy", "human", 193, human_ceiling("tone")),
                    figure("formulations", "f1", "human", 193, human_ceiling("formulations", "f1"))]
        rows = joined(gold, tables.sentences)
        learned = _learned_figures("policy", list(rows.text), [split_codes(v) for v in rows.areas], load_scheme().codes)
        figures = pd.concat([p[0] for p in parts] + [pd.DataFrame(ceilings), learned], ignore_index=True)
        return figures, pd.concat([p[1] for p in parts], ignore_index=True)

    n = len(pd.read_csv(gold_path)) if gold_path.exists() else 0
    return ValidationSet("diplomatic", "development", f"53 diplomatic texts of 7 genres, {n:,} sentences coded by hand",
                         True, score=score)


# -- coded by other researchers -----------------------------------------------------------------
def _unpacked_polnear(archive: Path) -> Path:
    """PolNeAR's archive unpacked once under build/validation (again when the archive changes)."""
    target = BUILD_DIR / "validation" / "polnear-train"
    stamp = target / ".unpacked"
    key = f"{archive.stat().st_size}-{archive.stat().st_mtime_ns}"
    if not (stamp.exists() and stamp.read_text() == key):
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and not Path(m.name).is_absolute() and ".." not in m.name]
            tar.extractall(target.parent, members=members, filter="data")
        stamp.write_text(key)
    return target


# the attribution layer was developed on the first 300 PolNeAR training articles (sorted by id); the others
# were not looked at, and are scored apart
POLNEAR_DEVELOPED_ON = 300


LEARNED_READER = "learned coder (TF-IDF + logistic regression, 5-fold CV)"


def _learned_figures(layer: str, texts: list[str], labels: list[set[str]], codes=None) -> pd.DataFrame:
    """Micro P/R/F1 of a coder learned from the same hand coding, each row predicted by a model that never
    saw it (:mod:`readouts.analyses.learned_policy`); empty when scikit-learn is missing."""
    from .scoring import figure

    try:
        from ..learned_policy import cross_validate
        cv = cross_validate(texts, labels, codes)
    except ImportError:
        return pd.DataFrame()
    micro = cv[(cv.coder != "dictionary") & (cv.area == "micro")].iloc[0]
    return pd.DataFrame([figure(layer, f"micro {m}", LEARNED_READER, int(micro.support), micro[m])
                         for m in ("precision", "recall", "f1")])


def polnear_set(data: Path, limit: int | None = None) -> ValidationSet:
    archive = data / "polnear-train" / "polnear-train.tar.xz"
    if not archive.exists():
        return ValidationSet("polnear-train", "development", "", False, f"{archive} not found: skipped")

    def score():
        from .external import polnear_human_agreement, score_polnear

        folder = _unpacked_polnear(archive)
        sentences = pd.read_csv(folder / "gold_sentences.csv", dtype={"doc_id": str}, keep_default_na=False)
        cues = pd.read_csv(folder / "gold_cues.csv", dtype={"doc_id": str}, keep_default_na=False)
        docs = sorted(sentences.doc_id.unique())[:limit]
        sentences = sentences[sentences.doc_id.isin(docs)]
        corpus = _quiet_load([folder / "train" / f"{d}.txt" for d in docs])
        tables = _annotate(corpus, ("anatomy",))
        texts = {d.doc_id: d.text for d in corpus.documents}
        figures, errors = score_polnear(sentences, tables, polnear_human_agreement(cues, sentences), texts)
        # the attribution layer was developed looking at the first articles only: the rest are scored apart,
        # as the out-of-sample figure
        looked_at = set(docs[:POLNEAR_DEVELOPED_ON])
        for name, part in ((f"articles 1-{POLNEAR_DEVELOPED_ON} (developed on)", sentences.doc_id.isin(looked_at)),
                           (f"articles {POLNEAR_DEVELOPED_ON + 1}-{len(docs)} (held back)", ~sentences.doc_id.isin(looked_at))):
            if part.any() and not part.all():
                more, _ = score_polnear(sentences[part], tables, None, texts)
                figures = pd.concat([figures, more.assign(subset=name)], ignore_index=True)
        return figures, errors

    return ValidationSet("polnear-train", "development", "PolNeAR train split: 834 news articles, attribution coded by "
                         "its authors (Newell, Margolin & Ruths 2018)" + (f"; first {limit} articles" if limit else ""),
                         True, score=score)


def cap_set(data: Path) -> ValidationSet:
    path = data / "cap-sotu-train" / "cap_sotu_train.csv"
    if not path.exists():
        return ValidationSet("cap-sotu-train", "development", "", False, f"{path} not found: skipped")

    def score():
        import tempfile

        from ...layers.policy import load_scheme
        from .external import score_cap

        rows = pd.read_csv(path, dtype={"id": str}, keep_default_na=False)
        with tempfile.TemporaryDirectory() as tmp:
            docs = Path(tmp) / "cap.csv"
            rows[["id", "text"]].rename(columns={"id": "doc_id"}).to_csv(docs, index=False)
            tables = _annotate(_quiet_load(docs), ("policy",))
        figures, errors = score_cap(rows, tables.sentences, load_scheme())
        from ...layers.policy import SCHEMES
        from ...paths import DATA_DIR

        if (DATA_DIR / SCHEMES["cap"]).exists():       # the same rows coded with CAP's own 21 topics
            with tempfile.TemporaryDirectory() as tmp:
                docs = Path(tmp) / "cap.csv"
                rows[["id", "text"]].rename(columns={"id": "doc_id"}).to_csv(docs, index=False)
                coded = _annotate(_quiet_load(docs), ("policy",), scheme="cap")
            more, more_errors = score_cap(rows, coded.sentences, load_scheme(SCHEMES["cap"]), cap_scheme=True)
            figures, errors = pd.concat([figures, more], ignore_index=True), pd.concat([errors, more_errors], ignore_index=True)
        # what a coder learned from CAP's own coding reaches, over all major topics (5-fold cross-validated)
        topics = [set() if str(t) == "99" else {str(t)} for t in rows.cap_major]
        learned = _learned_figures("policy (CAP scheme)", list(rows.text), topics)
        return pd.concat([figures, learned], ignore_index=True), errors

    return ValidationSet("cap-sotu-train", "development", "1,875 State of the Union quasi-sentences (8 addresses, "
                         "1947-2016), one CAP major topic each (Policy Agendas Project)", True, score=score)


# -- the project's own small samples ------------------------------------------------------------
def seed_sets() -> list[ValidationSet]:
    def seed_score():
        from ..policy_areas import read_coding, validate
        from ..tone import agreement, read_labels
        from .scoring import figure

        tables = _annotate(_quiet_load(SEEDS_DIR))
        rows = []
        scores, _ = agreement(tables.sentences, read_labels(VALIDATION_DIR / "labels" / "seed_tone_labels.csv"))
        for r in scores.itertuples():
            reader = {"register": "readouts", "textblob": "TextBlob polarity", "vader": "VADER compound"}.get(r.measure, r.measure)
            rows.append(figure("tone", "kappa", reader, r.n, r.kappa))
        policy, _ = validate(read_coding(VALIDATION_DIR / "labels" / "seed_policy_coding.csv"))
        micro = policy[policy.area == "micro"].iloc[0]
        rows.append(figure("policy", "micro f1", "readouts", int(micro.support), micro.f1))
        return pd.DataFrame(rows), pd.DataFrame()

    def un_score():
        from ..policy_areas import read_coding, validate
        from .scoring import figure

        policy, _ = validate(read_coding(VALIDATION_DIR / "labels" / "un_heldout_policy_coding.csv"))
        micro = policy[policy.area == "micro"].iloc[0]
        return pd.DataFrame([figure("policy", "micro f1", "readouts", int(micro.support), micro.f1)]), pd.DataFrame()

    return [ValidationSet("seed", "in-sample", "the seed text's hand labels (tone, policy); the layers were written "
                          "with it in view", True, score=seed_score),
            ValidationSet("un-heldout", "held out", "14 sentences of the 2019 Chinese and Japanese UN speeches, coded "
                          "for policy before the coder ran on them", True, score=un_score)]


def own_set(coded: Path, corpus: Path) -> ValidationSet:
    """A researcher's own coded file and the texts it codes: every field it has is scored."""
    def score():
        from ...layers.policy import load_scheme
        from .gold import align, read_coding
        from .scoring import score_anatomy, score_formulations, score_policy, score_tone

        tables = _annotate(_quiet_load(corpus))
        gold = align(read_coding(coded), tables.sentences, tables.documents)
        parts = []
        if "speaker" in gold or "verb" in gold:
            parts.append(score_anatomy(gold.assign(**{c: gold.get(c, "") for c in ("speaker", "verb")}), tables.sentences))
        if "areas" in gold:
            parts.append(score_policy(gold, tables.sentences, load_scheme().codes))
        if "tone" in gold:
            parts.append(score_tone(gold, tables.sentences))
        if "formulations" in gold:
            parts.append(score_formulations(gold, tables.sentences))
        return (pd.concat([p[0] for p in parts], ignore_index=True) if parts else pd.DataFrame(),
                pd.concat([p[1] for p in parts], ignore_index=True) if parts else pd.DataFrame())

    ok = coded.exists() and corpus.exists()
    return ValidationSet(f"own: {coded.name}", "your own", f"{coded.name} on {corpus.name}", ok,
                         "" if ok else f"{coded if not coded.exists() else corpus} not found: skipped", score=score)


def find_sets(data: str | Path | None = None, *, polnear_limit: int | None = None,
              own: list[tuple[Path, Path]] = ()) -> list[ValidationSet]:
    """Every validation set, those whose data is missing marked unavailable with a note."""
    folder = Path(data) if data else SHARED_VALIDATION
    return [diplomatic_set(folder), polnear_set(folder, polnear_limit), cap_set(folder), *seed_sets(),
            *(own_set(Path(c), Path(t)) for c, t in own)]
