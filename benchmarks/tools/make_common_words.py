"""Regenerate src/deid/lexicon/data/common_words.txt from spacy-lookups-data.

Needs `pip install spacy-lookups-data` (a development tool, not a dependency of deid).

The list tells deid which capitalised words are ordinary English ("Will", "Hope", "May") so that
name detection asks for more context before calling them names.
"""

from importlib.resources import files
from pathlib import Path

import srsly

TOP = 10_000
OUT = Path(__file__).resolve().parents[2] / "src" / "deid" / "lexicon" / "data" / "common_words.txt"

table = srsly.read_gzip_json(str(files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"))
words = sorted(
    (w for w in table if w.isascii() and w.isalpha() and w.islower()), key=lambda w: -table[w]
)[:TOP]
header = (
    f"# The {TOP:,} most frequent lower-case English words, most frequent first.\n"
    "# Derived from spaCy's en_lexeme_prob table (spacy-lookups-data 1.0.5, MIT licence).\n"
    "# Regenerate with: python benchmarks/tools/make_common_words.py\n"
    "# Source: spaCy's en_lexeme_prob table (spacy-lookups-data 1.0.5).\n"
    "# Licence: MIT.\n"
    "# Used by: deid.lexicon (is_common_word, is_everyday_word, common_word_rank).\n"
)
OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
print(f"wrote {len(words)} words to {OUT}")
