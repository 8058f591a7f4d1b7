"""Agreement of the two codings of the double-coded texts: writes validation/agreement.csv.

    python validation/tools/agreement.py

Run once on the codings as the coders delivered them (coding guide 1.0), before adjudication.
"""
from readouts.analyses.validation.gold import agreement, read_coding
from readouts.layers.policy import load_scheme
from readouts.paths import VALIDATION_DIR
from readouts.tables import write_table

first = read_coding(VALIDATION_DIR / "diplomatic" / "gold.csv")
second = read_coding(VALIDATION_DIR / "diplomatic" / "second_coding.csv")
table = agreement(first, second, [a.code for a in load_scheme().areas])
table.insert(0, "texts", second.doc_id.nunique())
write_table(table, VALIDATION_DIR / "agreement.csv")
print(table.to_string(index=False))
