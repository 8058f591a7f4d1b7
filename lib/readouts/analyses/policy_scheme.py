"""The policy scheme the analyses of ``04_policy_areas.ipynb`` read codes with: chosen once by a
notebook (:func:`use_scheme`), its area labels, its Markdown table, and the codes of a table's cell.
Callers import these names from :mod:`readouts.analyses.policy_areas`.
"""
from __future__ import annotations

from ..layers.policy import load_scheme, scheme_file

_ACTIVE = {"scheme": "diplomatic"}          # the scheme the analyses read codes with


def use_scheme(name: str = "diplomatic") -> None:
    """Read the codes of the scheme ``name`` (``"diplomatic"`` or ``"cap"``) in the analyses that follow:
    names, order, CAP roll-up. A notebook calls it once, with its ``policy_scheme`` parameter."""
    scheme_file(name)                           # an unknown name is an error here
    _ACTIVE["scheme"] = name


def active_scheme():
    """The scheme the analyses read codes with (see :func:`use_scheme`)."""
    return load_scheme(scheme_file(_ACTIVE["scheme"]))


def _codes(cell) -> list[str]:
    return [c for c in str(cell or "").split(";") if c]


def area_labels() -> dict[str, str]:
    """``{"A1": "A1 Political relations & framework", ...}`` in scheme order."""
    return {a.code: f"{a.code} {a.name}" for a in active_scheme().areas}


def scheme_markdown(scheme) -> str:
    """The scheme as a Markdown table: code, area, CAP topics, definition, number of terms."""
    rows = ["| code | area | CAP major topic(s) | definition | terms |", "|---|---|---|---|---:|"]
    for a in scheme.areas:
        caps = "; ".join(f"{c} {scheme.cap_topics.get(c, '')}".strip() for c in a.cap)
        rows.append(f"| {a.code} | {a.name} | {caps} | {a.definition} | {len(a.terms)} |")
    return (f"Scheme version {scheme.version}, {len(scheme.exclusions)} excluded phrases.\n\n" + "\n".join(rows))
