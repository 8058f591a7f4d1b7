"""Text from the data inside the Markdown a notebook displays: shown as written, never as markup.

A notebook's Markdown is rendered with its HTML, links and emphasis (in JupyterLab and in the report), so an
outlet called ``[x](javascript:...)`` or ``<img onerror=...>`` would become a link or a tag. Every value from
the data goes through :func:`markdown_text` first.

>>> print(markdown_text("[x](javascript:alert(1)) <img src=x> *bold* `code` Xinhua-2025"))
\\[x\\](javascript:alert(1)) &lt;img src=x&gt; \\*bold\\* \\`code\\` Xinhua-2025
"""
from __future__ import annotations

import html
import re

# the marks that make markup inside a line: links and images ([ ] !), emphasis (* _ ~), code (`), table cells (|)
# and escapes (\\); < > & are HTML-escaped. (Marks that matter only at a line's start, # - + 1., are left: a
# value is always inside a sentence.)
_MARKDOWN = re.compile(r"([\\`*_\[\]|~!])")


def markdown_text(value) -> str:
    """``value`` as literal text in Markdown: HTML-escaped, and Markdown's punctuation backslash-escaped."""
    return _MARKDOWN.sub(r"\\\1", html.escape(str(value), quote=False))
