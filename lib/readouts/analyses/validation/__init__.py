"""How far the readings can be trusted: Readouts' layers scored against hand coding, beside baselines
and the agreement of two human coders. The analyses behind ``05_validation.ipynb`` and ``make validate``.

- ``measures``: accuracy, kappa, precision/recall/F1, pooled kappa;
- ``gold``: reading coded files (the project's, or a researcher's own) and lining them up with sentences;
- ``baselines``: the simple coders every figure is shown beside (a say/tell regex, a keyword coder,
  TextBlob and VADER thresholds, exact registry matching);
- ``scoring``: each layer's figures on a coded set, with its errors by kind;
- ``sets``: the validation sets (the diplomatic development corpus, PolNeAR, CAP State of the Union),
  found beside the project or in a folder given, skipped with a note when absent;
- ``run``: everything at once, written as ``VALIDATION.md`` and ``build/validation/*.csv``.
"""
