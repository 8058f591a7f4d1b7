"""The HTML site of a report: one shell for every page, self-contained and offline.

No page loads anything from another host: styles and the small table script are inline,
images are embedded as data URIs. Every page has the same navigation and a provenance footer
(input files with SHA-256, package and data-file versions, date, the reproducing command).
"""
from __future__ import annotations

import html
import re

import pandas as pd

from . import plots

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62em;margin:0 auto;padding:0 1.2em 2em;
color:#222;line-height:1.55}
nav.readouts-nav{font-size:90%;padding:.6em 0;border-bottom:1px solid #ddd;display:flex;gap:1em;flex-wrap:wrap}
nav.readouts-nav a{color:#0b5394}
footer.readouts-footer{font-size:80%;color:#555;border-top:1px solid #ddd;margin-top:3em;padding-top:1em}
footer.readouts-footer code{font-size:95%}
h1{font-size:1.9em;margin:.6em 0 .3em} h2{font-size:1.4em;margin-top:1.6em} h3{font-size:1.15em}
img{max-width:100%;height:auto}
pre{background:#f6f8fa;padding:.7em;overflow-x:auto;font-size:88%;border-radius:4px}
code{background:#f3f3f3;padding:0 .2em;border-radius:3px}
table{border-collapse:collapse;font-size:88%;margin:.6em 0}
th,td{padding:.25em .6em;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{background:#fafafa;cursor:pointer;text-align:left}
.table-wrap{overflow-x:auto;max-width:100%}
.table-search{margin:.4em 0;padding:.25em .5em;font-size:90%;width:18em}
.card{border:1px solid #ddd;border-radius:6px;padding:.8em 1.2em;margin:1em 0;display:flex;gap:1.2em;align-items:flex-start}
.card img{width:220px;border:1px solid #eee;flex:none}
.card.failed{border-color:#D55E00;background:#fff4ee}
.jp-OutputArea-output,.output_area{overflow-x:auto}
.mark{border-radius:2px;padding:0 1px}
.legend span{display:inline-block;margin:0 .8em .3em 0}
"""

# Sort any table by a click on its header, and filter long tables with a search box. Inline,
# so the shared HTML works offline.
TABLE_JS = """
<script>
(function(){
  function cellValue(row,i){var c=row.cells[i];if(!c)return '';var t=c.textContent.trim();
    var n=parseFloat(t.replace(/,/g,''));return (t!==''&&!isNaN(n)&&/^[-+]?[\\d.,]+(e[-+]?\\d+)?%?$/i.test(t))?n:t.toLowerCase();}
  document.querySelectorAll('table').forEach(function(table){
    var body=table.tBodies[0];if(!body||!table.tHead)return;
    var wrap=document.createElement('div');wrap.className='table-wrap';table.parentNode.insertBefore(wrap,table);wrap.appendChild(table);
    Array.prototype.forEach.call(table.tHead.rows[table.tHead.rows.length-1].cells,function(th,i){
      th.title='click to sort';th.addEventListener('click',function(){
        var asc=th.getAttribute('data-order')!=='asc';th.setAttribute('data-order',asc?'asc':'desc');
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=cellValue(a,i),y=cellValue(b,i);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
        rows.forEach(function(r){body.appendChild(r);});});});
    if(body.rows.length>8){var box=document.createElement('input');box.type='search';box.className='table-search';
      box.placeholder='search this table';box.setAttribute('aria-label','search this table');
      box.addEventListener('input',function(){var q=box.value.toLowerCase();
        Array.prototype.forEach.call(body.rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});
      wrap.parentNode.insertBefore(box,wrap);}
  });
})();
</script>
"""

_EXTERNAL = re.compile(r"""<(script|link)\\b[^>]*(?:src|href)=["']https?://[^"']*["'][^>]*>(?:\\s*</script>)?""", re.I)


def page(title: str, body: str, *, nav: str, footer: str) -> str:
    """A complete page: the shell, styles, navigation, ``body``, footer and the table script."""
    body = _EXTERNAL.sub("", body)            # never load anything from another host
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            f"{nav}<main>{body}</main>{footer}{TABLE_JS}</body></html>")


def nav(pages, current: str, root: str = "") -> str:
    """Links to the index, every notebook page and the documents."""
    links = [f"<a href='{root}index.html'>Readouts report</a>"]
    for p in pages:
        label = html.escape(p.title.split(":")[0])
        links.append(f"<b>{label}</b>" if p.name == current else f"<a href='{root}{p.name}.html'>{label}</a>")
    links.append("<b>Documents</b>" if current == "documents" else f"<a href='{root}documents/index.html'>Documents</a>")
    return "<nav class='readouts-nav'>" + " · ".join(links) + "</nav>"


# -- annotated documents ------------------------------------------------------------------------
LAYER_STYLES = {
    "verb": ("verb", "font-weight:bold;text-decoration:underline"),
    "formulation": ("formulation", f"background:#f9e6b3"),
    "policy": ("policy area", f"border-bottom:2px solid {plots.PALETTE[2]}"),
    "tone": ("tone word", f"color:{plots.PALETTE[3]}"),
    "actor": ("actor", "font-variant:small-caps"),
    "quote": ("quotation", "font-style:italic"),
}


def annotated_document(doc, sentences: pd.DataFrame, spans: pd.DataFrame) -> str:
    """The document's text with every span the library found as a hoverable mark.

    Sentences carry a bar in their speaker's colour; verbs, formulations, policy terms, tone
    words, actors and quotations are marked by style, and hovering any stretch lists every
    label on it. All document text is escaped.
    """
    e = html.escape
    rows = sentences[sentences.doc_id == doc.doc_id].set_index("sent")
    marks = spans[spans.doc_id == doc.doc_id]
    speakers = rows.speaker.fillna("").where(rows.speaker.fillna("") != "", rows.speaker_role)
    palette = [plots.PALETTE[i] for i in (0, 2, 4, 1, 5, 3, 6)]
    color = {s: ("#999999" if s == "narrator" else palette[k % len(palette)])
             for k, s in enumerate(dict.fromkeys(speakers))}
    legend = ("<p class='legend'>" + "".join(
        f"<span style='border-left:6px solid {c};padding-left:.3em'>{e(s)}</span>" for s, c in color.items())
        + "".join(f"<span><span style='{style}'>{e(name)}</span></span>" for name, style in LAYER_STYLES.values())
        + "</p>")
    out = [f"<h1>{e(doc.headline or doc.doc_id)}</h1>",
           f"<p>{e(doc.doc_id)}" + (f" · {e(str(doc.date))}" if doc.date else "")
           + (f" · {e(doc.outlet)}" if doc.outlet else "") + "</p>", legend]
    for p in doc.paragraphs:
        parts = [e(doc.text[p.start:p.text_start])] if p.text_start > p.start else []
        for sent, row in rows[rows.para == p.para].iterrows():
            tip = f"sentence {sent} · {speakers[sent]}" + (f" · {row.verb}" if row.get("verb") else "")
            parts.append(f"<span title='{e(tip)}' style='border-left:5px solid {color[speakers[sent]]};"
                         f"padding-left:.25em'>{_marked(doc.text, int(row.start), int(row.end), marks[marks.sent == sent])}</span>")
        if p.text_end < p.end:
            parts.append(f" <span style='color:#888'>{e(doc.text[p.text_end:p.end])}</span>")
        tag = "h2" if p.section == "headline" else "p"
        style = " style='font-style:italic;color:#555'" if p.section == "caption" else ""
        out.append(f"<{tag}{style}>{' '.join(parts)}</{tag}>")
    return "".join(out)


def _marked(text: str, start: int, end: int, marks: pd.DataFrame) -> str:
    """``text[start:end]`` cut at every span boundary; each piece styled by the spans over it."""
    e = html.escape
    spans = [(int(r.start), int(r.end), r.layer, str(r.label)) for r in marks.itertuples()
             if start <= r.start < r.end <= end and r.layer in LAYER_STYLES
             and not str(r.label).endswith(("+0.00", "-0.00", "+0.0", "-0.0"))]   # a word scored zero
    cuts = sorted({start, end, *(s for s, _, _, _ in spans), *(t for _, t, _, _ in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        over = [(layer, label) for s, t, layer, label in spans if s <= a and b <= t]
        chunk = e(text[a:b])
        if over:
            style = ";".join(dict.fromkeys(LAYER_STYLES[layer][1] for layer, _ in over))
            tip = " · ".join(f"{LAYER_STYLES[layer][0]}: {label}" for layer, label in over)
            chunk = f"<span class='mark' style='{style}' title='{e(tip)}'>{chunk}</span>"
        pieces.append(chunk)
    return "".join(pieces)
