"""Publishing: the report (``build``), its notebooks (``notebooks``), provenance and the site shell
(``site``, with the page, styles and table script kept as files in ``templates/``)."""
