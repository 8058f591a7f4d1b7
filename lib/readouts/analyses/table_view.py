"""A table for reading: every row embedded, sorted, searched and paged in the page itself.

A notebook shows a table with :func:`table_view`. Its HTML carries the first page of rows as a
plain table (what JupyterLab shows, and any page without scripts) and every row as JSON in an
inert ``<script type="application/json">`` block; the report's table script (``templates/tables.js``)
then sorts and searches all rows, not only those on screen, and pages through them. The text
columns (the sentence, the words behind a score, KWIC contexts) come right after the ids and wrap;
a cut id shows its whole value on hover; a wide matrix of numbers is shaded by value.

>>> view = table_view(pd.DataFrame({"doc_id": ["a", "b"], "n": [1, 2], "text": ["x < y", "z"]}))
>>> view.columns
['doc_id', 'text', 'n']
>>> "x &lt; y" in view._repr_html_() and "x \\\\u003c y" in view._repr_html_()
True
"""
from __future__ import annotations

import html
import json
import math

import pandas as pd

TEXT_COLUMNS = ("text", "headline", "caption")
KEY_COLUMNS = ("doc_id", "para", "sent")
ID_COLUMNS = ("doc_id",)
MAX_EMBEDDED = 20000        # rows; a bigger table embeds this many and names its CSV for the rest
SHADE_AT = 6                # a table with this many numeric columns is a matrix: shade it
# in the notebook and in the report alike: text wraps, numbers align right, a long id is cut
STYLE = ("<style>div.ro-table td.ro-text{white-space:normal;min-width:18em;max-width:42em}"
         "div.ro-table td.ro-id{white-space:nowrap;max-width:14em;overflow:hidden;text-overflow:ellipsis}"
         "div.ro-table td.ro-int,div.ro-table td.ro-float{text-align:right;white-space:nowrap}"
         "div.ro-table td.ro-label{white-space:nowrap;text-align:left}div.ro-table th{text-align:left}</style>")


class TableView:
    """What :func:`table_view` returns: shown by Jupyter through ``_repr_html_``."""

    def __init__(self, table: pd.DataFrame, text_columns, page_rows: int, precision: int, shade: bool | None,
                 caption: str):
        # named text columns, and any other column of long strings (words behind a score, a quote)
        text = [c for c in text_columns if c in table.columns] + [
            c for c in table.columns if c not in text_columns and c not in ID_COLUMNS and _long_text(table[c])]
        keys = [c for c in KEY_COLUMNS if c in table.columns and c not in text]
        self.columns = keys + text + [c for c in table.columns if c not in keys and c not in text]
        self.table, self.text_columns = table[self.columns], text
        self.page_rows, self.precision, self.caption = max(1, int(page_rows)), precision, caption
        numeric = [c for c in self.columns if _kind(table[c]) in ("int", "float")]
        self.shade = len(numeric) >= SHADE_AT if shade is None else shade

    def format(self, precision: int | None = None, **_ignored) -> "TableView":
        """Digits after the point for decimals (the other arguments of pandas' ``Styler.format``
        are what this view always does: empty for missing, text escaped)."""
        if precision is not None:
            self.precision = precision
        return self

    def _meta(self) -> list[dict]:
        return [{"name": str(c), "kind": "text" if c in self.text_columns else
                 ("id" if c in ID_COLUMNS else _kind(self.table[c]))} for c in self.columns]

    def _cell(self, value, kind: str) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return ""
        if kind == "float":
            return f"{float(value):,.{self.precision}f}"
        if kind == "int":
            return f"{int(value):,}"
        return str(value)

    def _repr_html_(self) -> str:
        e = html.escape
        meta = self._meta()
        n = len(self.table)
        head = "".join(f"<th data-kind='{m['kind']}'>{e(m['name'])}</th>" for m in meta)
        first = self.table.head(self.page_rows)
        body = "".join(
            "<tr>" + "".join(_td(self._cell(v, m["kind"]), m["kind"]) for v, m in zip(row, meta)) + "</tr>"
            for row in first.itertuples(index=False, name=None))
        embedded = self.table.head(MAX_EMBEDDED)
        data = {"columns": meta, "precision": self.precision, "page": self.page_rows, "shade": self.shade,
                "rows": [[_json_value(v) for v in row] for row in embedded.itertuples(index=False, name=None)]}
        # "<" never appears raw inside the script block, so no text can close it
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")
        note = (f"{n:,} rows" + (f"; the first {self.page_rows:,} are shown" if n > self.page_rows else "")
                + (f"; the page holds the first {MAX_EMBEDDED:,} (the CSV has all)" if n > MAX_EMBEDDED else "")
                + (f". {self.caption}" if self.caption else ""))
        return (f"{STYLE}<div class='ro-table'><p class='ro-table-note'>{e(note)}</p>"
                f"<div class='table-wrap'><table class='ro-table'><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table></div>"
                f"<script type='application/json' class='ro-table-data'>{payload}</script></div>")

    def __repr__(self) -> str:
        return f"<TableView: {len(self.table)} rows × {len(self.columns)} columns>"


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "label"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    return "label"


def _long_text(series: pd.Series) -> bool:
    if _kind(series) != "label" or pd.api.types.is_bool_dtype(series) or not len(series):
        return False
    return series.dropna().astype(str).str.len().mean() > 40


def _td(text: str, kind: str) -> str:
    value = html.escape(text)
    if kind == "id":
        return f"<td class='ro-id' title='{value}'>{value}</td>"
    return f"<td class='ro-{kind}'>{value}</td>"


def _json_value(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):                 # numpy scalars
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, (int, str, bool)):
        return value
    return str(value)


def table_view(table: pd.DataFrame, *, text_columns: tuple[str, ...] = TEXT_COLUMNS, max_rows: int = 20,
               precision: int = 3, shade: bool | None = None, caption: str = "") -> TableView:
    """Every row of ``table`` for reading: ``max_rows`` a page, sorting and search over all rows,
    ``text_columns`` after the ids and wrapped, decimals to ``precision`` digits; ``shade`` a
    matrix of numbers by value (default: when it has six numeric columns or more).

    >>> table_view(pd.DataFrame({"doc_id": ["a"], "warmth": [1.5]}), max_rows=10)
    <TableView: 1 rows × 2 columns>
    """
    return TableView(table.reset_index(drop=True), text_columns, max_rows, precision, shade, caption)
