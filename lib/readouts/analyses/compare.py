"""Compare: two documents, or two groups of documents, side by side. The analyses behind
``06_compare.ipynb``, on the tables of :func:`readouts.annotate`; its charts and findings are in
:mod:`readouts.analyses.compare_charts`.

A *side* is chosen by a spec (:func:`select`): a doc_id, several joined by ``;``, or ``column=value``
(values joined by ``,``) on the documents table, which gains two columns here (:func:`with_sources`):
``country``, the ISO3 code of the government a text speaks for (from its outlet in ``data/outlets.csv``,
or a UN file name such as ``JPN_80_2025``), and ``year`` (``year=2019-2021`` is a range). With no
sides given, :func:`same_event_pairs` finds what to compare: the two sides' readouts of one meeting.
Shares are of each side's body sentences (headline and caption left out); a side of several
documents pools them.

>>> docs = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2025-10-31", None], "outlet": ["Xinhua", None],
...                      "path": ["a.txt", "texts/2025-10-31_mofa-jp_summit.txt"]})
>>> with_sources(docs)[["doc_id", "date", "outlet", "country", "year"]].to_dict("records")[1]
{'doc_id': 'b', 'date': '2025-10-31', 'outlet': 'mofa-jp', 'country': 'JPN', 'year': '2025'}
>>> select(docs, "country=CHN"), select(docs, "a;b")
(['a'], ['a', 'b'])
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import ReadoutsError
from ..layers.actors import country_name
from ..lexicons import file_key, read_data_file, split_list
from ..tables import speaker_label
from .corpus_overview import slug
from .policy_areas import _codes, area_labels
from .recurring_phrases import stopwords, words

OUTLETS_FILE = "outlets.csv"
DATA_FILES = (OUTLETS_FILE,)
MAX_DAYS = 1           # a pair's dates may differ by a day: the two sides publish in their own time zones
SIDES = ("A", "B")
_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})_(?P<outlet>[A-Za-z0-9-]+)_")
_UN_NAME = re.compile(r"^(?P<country>[A-Z]{3})_\d{2}_(?P<year>\d{4})$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# columns a side cannot be chosen by: text, counts and scores
_NOT_SPEC = {"path", "sha256", "headline", "caption", "photo_credit", "dateline", "n_paragraphs", "n_sentences",
             "n_words", "polarity", "subjectivity", "vader", "warmth", "firmness", "share_cordial", "share_neutral",
             "share_firm", "country_name", "outlet_name"}


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _key(text) -> str:
    return re.sub(r"[\W_]+", "-", _text(text).lower()).strip("-")


@lru_cache(maxsize=4)
def _outlets(path, mtime) -> tuple[pd.DataFrame, dict]:
    data = read_data_file(path, required=("outlet", "country", "name", "kind", "aliases", "source"))
    lookup: dict[str, str] = {}
    for row in data.rows:
        for alias in (row["outlet"], row["name"], *split_list(row["aliases"])):
            lookup.setdefault(_key(alias), row["outlet"])
    return pd.DataFrame(data.rows), lookup


def outlets() -> pd.DataFrame:
    """The outlets of ``data/outlets.csv``: ``outlet``, ``country``, ``name``, ``kind``, ``aliases``, ``source``."""
    return _outlets(*file_key(OUTLETS_FILE))[0].copy()


def outlet_key(outlet) -> str:
    """The key of an outlet as ``outlets.csv`` writes it, from any of its names (else a slug of the name).

    >>> outlet_key("Xinhua"), outlet_key("MFA of China"), outlet_key("Kyodo News")
    ('xinhua', 'mfa-cn', 'kyodo-news')
    """
    key = _key(outlet)
    return _outlets(*file_key(OUTLETS_FILE))[1].get(key, key)


def with_sources(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents table with each text's source filled in: ``date`` and ``outlet`` from the file name
    (``YYYY-MM-DD_outlet_subject``) when the loader left them empty, ``outlet`` as its key in ``outlets.csv``,
    ``outlet_name``, ``country`` (ISO3: a ``country`` column, an ISO3 file name, else the outlet's country),
    ``country_name`` and ``year``. Empty when unknown."""
    table, lookup = _outlets(*file_key(OUTLETS_FILE))
    by_outlet = dict(zip(table.outlet, table.country))
    names = dict(zip(table.outlet, table.name))
    docs = documents.copy()
    paths = docs["path"] if "path" in docs else docs.doc_id
    given = docs["country"] if "country" in docs else pd.Series("", index=docs.index)
    dates, keys, countries = [], [], []
    for doc_id, path, date, outlet, country in zip(docs.doc_id, paths, docs.date, docs.outlet, given):
        stem = Path(_text(path)).stem or _text(doc_id)
        name, un = _FILE_NAME.match(stem), _UN_NAME.match(stem)
        dates.append(_text(date) or (name.group("date") if name else ""))
        key = _key(_text(outlet) or (name.group("outlet") if name else ""))
        keys.append(lookup.get(key, key))
        countries.append((_text(country) or (un.group("country") if un else "")).upper() or by_outlet.get(keys[-1], ""))
    docs["date"], docs["outlet"], docs["country"] = dates, keys, countries
    docs["outlet_name"] = [names.get(k, k) for k in keys]
    docs["country_name"] = [country_name(c) if c else "" for c in countries]
    docs["year"] = [d[:4] if re.match(r"\d{4}", d) else "" for d in dates]
    return docs


def _listing(values, n: int = 12) -> str:
    values = [v for v in dict.fromkeys(map(_text, values)) if v]
    return ", ".join(values[:n]) + (f" … and {len(values) - n} more" if len(values) > n else "") or "(none)"


def spec_columns(documents: pd.DataFrame) -> list[str]:
    """The columns a side can be chosen by (``column=value``)."""
    return sorted(c for c in with_sources(documents).columns if c not in _NOT_SPEC)


def select(documents: pd.DataFrame, spec: str, name: str = "side") -> list[str]:
    """The doc_ids a side spec picks: ``doc_id``, ``id1;id2``, ``column=value1,value2`` (case-insensitive;
    ``outlet`` by any of its names, ``country`` by ISO3 or name, ``year=2019-2021`` a range).
    A spec that picks nothing is a :class:`ReadoutsError` listing the valid choices."""
    docs = with_sources(documents)
    spec = _text(spec)
    if not spec:
        raise ReadoutsError(f"{name} is empty: give a doc_id, doc_ids joined by ';', or column=value "
                            f"(columns: {', '.join(spec_columns(documents))})")
    if "=" not in spec:
        ids = list(dict.fromkeys(s.strip() for s in spec.split(";") if s.strip()))
        known = set(docs.doc_id)
        missing = [i for i in ids if i not in known]
        if missing:
            raise ReadoutsError(f"{name}: no document {', '.join(missing)}; doc_ids: {_listing(docs.doc_id)} "
                                f"(or column=value, columns: {', '.join(spec_columns(documents))})")
        return ids
    column, _, values = (p.strip() for p in spec.partition("="))
    columns = {c.lower(): c for c in spec_columns(documents)}
    if column.lower() not in columns:
        raise ReadoutsError(f"{name} {spec!r}: no column {column!r}; columns: {', '.join(columns.values())}")
    column = columns[column.lower()]
    wanted = [v.strip() for v in values.split(",") if v.strip()]
    cells = docs[column].map(_text)
    mask = pd.Series(False, index=docs.index)
    for value in wanted:
        span = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", value) if column == "year" else None
        if span:
            lo, hi = int(span.group(1)), int(span.group(2))
            mask |= cells.map(lambda c: c.isdigit() and lo <= int(c) <= hi)
        elif column == "outlet":
            mask |= cells == outlet_key(value)
        elif column == "country":
            mask |= (cells.str.lower() == value.lower()) | (docs.country_name.str.lower() == value.lower())
        else:
            mask |= cells.str.lower() == value.lower()
    if not mask.any():
        raise ReadoutsError(f"{name} {spec!r}: no document has {column} {', '.join(wanted) or '(no value)'}; "
                            f"{column} values in this corpus: {_listing(sorted(set(cells)))}")
    return docs.doc_id[mask].tolist()


# -- what to compare -------------------------------------------------------------------------
def _people(spans: pd.DataFrame | None) -> dict[str, list[str]]:
    """doc_id -> the people (``kind`` person in actors.csv) it names, most named first (then first named)."""
    if spans is None or spans.empty:
        return {}
    persons = {r["name"] for r in read_data_file("actors.csv").rows if r.get("kind") == "person"}
    actors = spans[(spans.layer == "actor") & spans.label.isin(persons)].sort_values(["doc_id", "sent", "start"])
    return {d: g.label.value_counts(sort=False).sort_values(ascending=False, kind="stable").index.tolist()
            for d, g in actors.groupby("doc_id", sort=False)}


def _similarity(a: Counter, b: Counter) -> float:
    """Cosine of two word-count vectors (0: no word in common, 1: the same proportions)."""
    dot = sum(n * b[w] for w, n in a.items() if w in b)
    norm = math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))
    return round(dot / norm, 3) if norm else 0.0


def same_event_pairs(documents: pd.DataFrame, spans: pd.DataFrame | None = None,
                     sentences: pd.DataFrame | None = None, max_days: int = MAX_DAYS) -> pd.DataFrame:
    """Pairs of documents that may report one event from two sides: dated within ``max_days`` of each
    other (a day apart by default: Lima is 14 hours behind Tokyo, and a side may publish the next day),
    from different countries (or, where a country is unknown, different outlets).

    One row per pair, best first: ``doc_a``, ``doc_b`` (by date, then doc_id), ``date_a``, ``date_b``,
    ``days_apart``, ``outlet_a``/``_b``, ``country_a``/``_b``, ``form_a``/``_b``; from the actor ``spans``,
    ``shared_principals`` (each document's principals are the two people it names most; those both share,
    ``;``-joined), ``shared_people`` (everyone both name) and their counts; ``same_form``; from the
    ``sentences``, ``principals_speaking`` (the shared principals who speak in either text: a readout of a
    meeting reports what its principals said, a report of an arrival does not) and ``similarity`` (cosine of
    their content-word counts, 0 to 1); and ``match``: ``likely`` (both principals shared: the two sides of a
    meeting), ``possible`` (a person in common) or ``date only``. Ranked by principals, principals speaking,
    people, same form (two readouts before a readout and a transcript), similarity, then days apart.

    >>> docs = pd.DataFrame({"doc_id": ["x", "j", "c"], "date": ["2025-10-31", "2025-10-31", "2025-10-31"],
    ...                      "outlet": ["xinhua", "mofa-jp", "cgtn"]})
    >>> same_event_pairs(docs)[["doc_a", "doc_b", "match"]].to_dict("records")
    [{'doc_a': 'c', 'doc_b': 'j', 'match': 'date only'}, {'doc_a': 'j', 'doc_b': 'x', 'match': 'date only'}]
    """
    columns = ["doc_a", "doc_b", "date_a", "date_b", "days_apart", "outlet_a", "outlet_b", "country_a", "country_b",
               "form_a", "form_b", "shared_principals", "n_shared_principals", "principals_speaking",
               "n_principals_speaking", "shared_people", "n_shared_people", "same_form", "similarity", "match"]
    docs = with_sources(documents)
    docs = docs[docs.date.map(lambda d: bool(_DATE.fullmatch(d)))]
    docs = docs.assign(day=pd.to_datetime(docs.date, errors="coerce")).dropna(subset=["day"])
    docs = docs.sort_values(["day", "doc_id"]).reset_index(drop=True)
    people = _people(spans)
    stop = stopwords()
    speaking = {} if sentences is None else sentences.groupby("doc_id").speaker.agg(
        lambda v: set(v.fillna(""))).to_dict()
    vectors = {} if sentences is None else {
        d: Counter(w for text in g.text for w in words(text) if w not in stop and w.isalpha())
        for d, g in sentences[sentences.doc_id.isin(set(docs.doc_id))].groupby("doc_id")}
    forms = docs["form"].map(_text).tolist() if "form" in docs else [""] * len(docs)
    rows, records = [], list(docs.itertuples())
    for i, a in enumerate(records):
        for j in range(i + 1, len(records)):
            b = records[j]
            days = (b.day - a.day).days
            if days > max_days:         # sorted by day: no later document is closer
                break
            if (a.country and b.country and a.country == b.country) or (not (a.country and b.country)
                                                                        and a.outlet == b.outlet):
                continue
            pa, pb = people.get(a.doc_id, []), people.get(b.doc_id, [])
            shared = sorted(set(pa) & set(pb))
            principals = sorted(set(pa[:2]) & set(pb[:2]))
            voiced = [p for p in principals if p in speaking.get(a.doc_id, set()) | speaking.get(b.doc_id, set())]
            rows.append((a.doc_id, b.doc_id, a.date, b.date, days, a.outlet, b.outlet, a.country, b.country,
                         forms[i], forms[j], ";".join(principals), len(principals), ";".join(voiced), len(voiced),
                         ";".join(shared), len(shared), bool(forms[i]) and forms[i] == forms[j],
                         _similarity(vectors.get(a.doc_id, Counter()), vectors.get(b.doc_id, Counter())),
                         "likely" if len(principals) >= 2 else "possible" if shared else "date only"))
    pairs = pd.DataFrame(rows, columns=columns)
    order = ["n_shared_principals", "n_principals_speaking", "n_shared_people", "same_form", "similarity"]
    return pairs.sort_values([*order, "days_apart", "doc_a", "doc_b"], ascending=[False] * 5 + [True] * 3
                             ).reset_index(drop=True)


@dataclass(frozen=True)
class Comparison:
    """Two sides to compare: their labels and doc_ids, and a ``key`` for file names."""

    key: str
    label_a: str
    label_b: str
    docs_a: tuple
    docs_b: tuple

    def label(self, side: str) -> str:
        return self.label_a if side == "A" else self.label_b

    def docs(self, side: str) -> tuple:
        return self.docs_a if side == "A" else self.docs_b


def _spec_label(spec: str, ids: list[str]) -> str:
    if "=" in spec:
        return spec.strip()
    first = ids[0] if len(ids[0]) <= 40 else ids[0][:39] + "…"
    return first if len(ids) == 1 else f"{first} and {len(ids) - 1} more"


def choose(documents: pd.DataFrame, pairs: pd.DataFrame, side_a: str = "", side_b: str = "",
           max_pairs: int = 3) -> list[Comparison]:
    """What the notebook compares: ``side_a`` against ``side_b`` when given (see :func:`select`); else up to
    ``max_pairs`` same-event pairs with a person in common, each document in one pair at most."""
    side_a, side_b = _text(side_a), _text(side_b)
    if bool(side_a) != bool(side_b):
        raise ReadoutsError("give both side_a and side_b, or neither (to compare the same-event pairs found)")
    if side_a:
        a, b = select(documents, side_a, "side_a"), select(documents, side_b, "side_b")
        both = sorted(set(a) & set(b))
        if both:
            raise ReadoutsError(f"side_a and side_b share {len(both)} document(s): {_listing(both, 5)}; "
                                "choose sides that do not overlap")
        return [Comparison(slug(f"{side_a} vs {side_b}"), _spec_label(side_a, a), _spec_label(side_b, b),
                           tuple(a), tuple(b))]
    out, used = [], set()
    for p in pairs[pairs.n_shared_people > 0].itertuples():
        if len(out) >= max_pairs or {p.doc_a, p.doc_b} & used:
            continue
        used |= {p.doc_a, p.doc_b}
        label_a, label_b = (f"{o} ({c})" if c else o for o, c in ((p.outlet_a, p.country_a), (p.outlet_b, p.country_b)))
        if label_a == label_b:
            label_a, label_b = p.doc_a, p.doc_b
        key = slug(f"{p.date_a} {p.outlet_a or 'a'} vs {p.outlet_b or 'b'}")
        while key in {c.key for c in out}:
            key += "-2"
        out.append(Comparison(key, label_a, label_b, (p.doc_a,), (p.doc_b,)))
    return out


def comparisons_table(comparisons: list[Comparison]) -> pd.DataFrame:
    """One row per comparison: ``key`` (in file names), ``label_a``, ``label_b``, ``docs_a``, ``docs_b``."""
    return pd.DataFrame([(c.key, c.label_a, c.label_b, ";".join(c.docs_a), ";".join(c.docs_b)) for c in comparisons],
                        columns=["key", "label_a", "label_b", "docs_a", "docs_b"])


# -- side by side ----------------------------------------------------------------------------
def _side_body(sentences: pd.DataFrame, c: Comparison, side: str) -> pd.DataFrame:
    return sentences[sentences.doc_id.isin(c.docs(side)) & (sentences.section == "body")]


def side_documents(documents: pd.DataFrame, c: Comparison) -> pd.DataFrame:
    """The documents of each side: ``side``, ``label``, ``doc_id``, ``date``, ``outlet``, ``country``, ``form``,
    ``n_words``."""
    docs = with_sources(documents)
    if "form" not in docs:
        docs["form"] = ""
    frames = [docs[docs.doc_id.isin(c.docs(s))].assign(side=s, label=c.label(s)) for s in SIDES]
    return pd.concat(frames, ignore_index=True)[["side", "label", "doc_id", "date", "outlet", "country", "form",
                                                 "n_words"]]


def speakers(sentences: pd.DataFrame, c: Comparison) -> pd.DataFrame:
    """Who speaks on each side, in how many body sentences, with which reporting verbs.

    ``side``, ``label``, ``speaker`` (a name, else the role: narrator, joint ...), ``n_sentences``, ``share``
    (of the side's body sentences), ``verbs`` (``verb ×n (Ttier)``, most used first), ``strongest_verb`` and
    ``strongest_tier`` (reporting_verbs.csv: 0 statement ... 3 appeal ... 6 warning).
    """
    rows = []
    for side in SIDES:
        body = _side_body(sentences, c, side).assign(who=lambda d: speaker_label(d))
        for who, group in body.groupby("who", sort=False):
            verbs = group[group.verb.fillna("") != ""]
            counts = verbs.groupby("verb").agg(n=("sent", "size"), tier=("verb_tier", "max"))
            counts = counts.sort_values(["n", "tier"], ascending=False)
            listed = "; ".join(f"{v} ×{r.n}" + (f" (T{int(r.tier)})" if pd.notna(r.tier) else "")
                               for v, r in counts.iterrows())
            top = counts.sort_values(["tier", "n"], ascending=False).head(1)
            rows.append((side, c.label(side), who, len(group), round(len(group) / len(body), 4), listed,
                         top.index[0] if len(top) else "", int(top.tier.iloc[0]) if len(top) and pd.notna(
                             top.tier.iloc[0]) else None))
    table = pd.DataFrame(rows, columns=["side", "label", "speaker", "n_sentences", "share", "verbs",
                                        "strongest_verb", "strongest_tier"]).astype({"strongest_tier": "Int64"})
    return table.sort_values(["side", "n_sentences", "speaker"], ascending=[True, False, True]).reset_index(drop=True)


def area_shares(sentences: pd.DataFrame, c: Comparison, lean: float = 2.0) -> pd.DataFrame:
    """Policy areas side by side: ``code``, ``area``, ``n_a``, ``share_a``, ``n_b``, ``share_b`` (of each side's
    body sentences), ``difference`` (``share_b - share_a``) and ``raised_by``: ``A only``, ``B only``,
    ``mostly A``/``mostly B`` (one side's share at least ``lean`` times the other's and 10 points more),
    ``both`` or ``neither``."""
    labels = area_labels()
    rows = []
    bodies = {s: _side_body(sentences, c, s) for s in SIDES}
    # body sentences coding each area, per side: each sentence's codes read once (not once per area)
    coded = {s: Counter(code for v in b.policy_areas for code in set(_codes(v))) for s, b in bodies.items()}
    for code, label in labels.items():
        n = {s: coded[s][code] for s in SIDES}
        share = {s: round(n[s] / len(bodies[s]), 4) if len(bodies[s]) else 0.0 for s in SIDES}
        if not n["A"] and not n["B"]:
            raised = "neither"
        elif not n["B"] or not n["A"]:
            raised = "A only" if n["A"] else "B only"
        else:
            big, small = ("A", "B") if share["A"] >= share["B"] else ("B", "A")
            raised = f"mostly {big}" if share[big] >= lean * share[small] and share[big] - share[small] >= 0.1 else "both"
        rows.append((code, label, n["A"], share["A"], n["B"], share["B"], round(share["B"] - share["A"], 4), raised))
    return pd.DataFrame(rows, columns=["code", "area", "n_a", "share_a", "n_b", "share_b", "difference", "raised_by"])


def tone(sentences: pd.DataFrame, c: Comparison) -> pd.DataFrame:
    """Tone per side, over its body sentences: ``side``, ``label``, ``documents``, ``body_sentences``, the share of
    each register label (``share_cordial``, ``share_neutral``, ``share_firm``), mean ``warmth`` and ``firmness``
    (the register) and mean ``textblob`` (polarity) and ``vader`` (compound), -1 to 1."""
    rows = []
    for side in SIDES:
        body = _side_body(sentences, c, side)
        labels = body.tone_label.value_counts(normalize=True)
        means = [round(float(body[col].mean()), 3) if len(body) else None
                 for col in ("warmth", "firmness", "polarity", "vader")]
        rows.append((side, c.label(side), len(c.docs(side)), len(body),
                     *(round(float(labels.get(k, 0.0)), 4) for k in ("cordial", "neutral", "firm")), *means))
    return pd.DataFrame(rows, columns=["side", "label", "documents", "body_sentences", "share_cordial",
                                       "share_neutral", "share_firm", "warmth", "firmness", "textblob", "vader"])
