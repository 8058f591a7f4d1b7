"""Analyses: one module per notebook, named after it (``corpus_overview``, ``readout_anatomy``, ``tone``,
``recurring_phrases``, ``policy_areas``), with ``kwic``, ``documents`` (the annotated-document renderer),
``notebook`` (the shared setup) and ``plots``. They read the annotated tables; none annotates text."""
