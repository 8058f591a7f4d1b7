"""The HTML site of a report: one shell for every page, self-contained and offline.

No page loads anything from another host: the styles (``templates/site.css``) and the small
table script (``templates/tables.js``) are put inline into the page shell (``templates/page.html``),
and images are embedded as data URIs. Every page has the same navigation and a provenance footer.

>>> "<main><p>hi</p></main>" in page("T", "<p>hi</p>", nav="", footer="")
True
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from string import Template

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=None)
def template(name: str) -> str:
    """A template file's text (``page.html``, ``site.css``, ``tables.js``)."""
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


_EXTERNAL = re.compile(r"""<(script|link)\b[^>]*(?:src|href)=["']https?://[^"']*["'][^>]*>(?:\s*</script>)?""", re.I)


def page(title: str, body: str, *, nav: str, footer: str) -> str:
    """A complete page: the shell, styles, navigation, ``body``, footer and the table script."""
    body = _EXTERNAL.sub("", body)            # never load anything from another host
    return Template(template("page.html")).substitute(
        title=html.escape(title), css=template("site.css"), nav=nav, body=body, footer=footer,
        script=template("tables.js"))


def nav(pages, current: str, root: str = "") -> str:
    """Links to the index, every notebook page and the documents."""
    links = [f"<a href='{root}index.html'>Readouts report</a>"]
    for p in pages:
        label = html.escape(p.title.split(":")[0])
        links.append(f"<b>{label}</b>" if p.name == current else f"<a href='{root}{p.name}.html'>{label}</a>")
    links.append("<b>Documents</b>" if current == "documents" else f"<a href='{root}documents/index.html'>Documents</a>")
    return "<nav class='readouts-nav'>" + " · ".join(links) + "</nav>"
