"""Reading: files -> records (``formats``) -> documents (``corpus``) -> sentences (``segment``), and
what a word is (``words``)."""
