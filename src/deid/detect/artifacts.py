"""NLP artifacts from a spaCy run that only finds entities.

Of a trained English pipeline deid reads the entities on every token, lemmas only near a
candidate (context words) and a part of speech only where a name rule asks for one. Running the
tagger, attribute ruler and lemmatizer on every note cost about as much as the NER itself, so the
engine runs NER alone (``deid.detect.engine``) and this module supplies the rest:

- ``TaglessLemmas``: each token's possible lemmas, from the lemmatizer's own tables, without a
  part of speech: the word as written and its noun, verb, adjective and adverb lemmas. A context
  word matches a token when it matches any of them, so the matches a tagged lemma gave are
  still found ("dates" -> "date"), and so are the context words a recognizer lists in an
  inflected form, which a lemma alone hid from presidio ("admitted", "seen": the tagged lemmas
  are "admit" and "see").
- ``NerOnlyArtifacts.pos_at``: the part of speech of one token, tagged on demand on the few
  tokens around it that the tagger's window reads, and cached per document; ``tag_offsets``
  tags many such tokens in one run of the tagger.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.attrs import IDX, IS_PUNCT, IS_STOP, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from deid.detect.blas import one_blas_thread

LEMMA_POS = ("noun", "verb", "adj", "adv")
"""The parts of speech the English lemmatizer has rules for."""

SEPARATOR = "\x00"
"""Joins a token's possible lemmas into the one string presidio's enhancer reads: no context
word contains it, so a substring match never runs across two lemmas."""

TAG_MARGIN = 6
"""Tokens tagged on each side of the one asked about: the tagger's encoder sees four tokens each
side (window 1, depth 4) and the attribute ruler's patterns a few; six covers both."""

TAGGING_PIPES = ("tok2vec", "tagger", "attribute_ruler")
"""What gives a token its part of speech (``pos_``) in spaCy's English pipelines."""

CACHE_WORDS = 20_000
"""Distinct words whose lemmas are remembered; the cache starts again when full. A long run
meets new words in every note (numbers, codes, names), so a larger cache only holds more of
them, in every worker."""

_NOT_KEYWORDS = frozenset({"-pron-", "be"})
"""Lemmas presidio never counts as keywords (its ``NlpArtifacts.set_keywords``)."""


class RuleLemmas:
    """spaCy's rule lemmatizer for one part of speech, its tables read once (the index as a
    set: spaCy keeps it as a list of 57,000 nouns)."""

    def __init__(self, lemmatizer, pos: str) -> None:
        lookups = lemmatizer.lookups
        self.exceptions = lookups.get_table("lemma_exc", {}).get(pos, {})
        self.index = frozenset(lookups.get_table("lemma_index", {}).get(pos, ()))
        self.rules = [tuple(rule) for rule in lookups.get_table("lemma_rules", {}).get(pos, ())]

    def lemma(self, lower: str) -> str | None:
        """The lemma the lemmatizer would give ``lower`` when it is a word it knows (an
        exception, or a rule's result found in its index), else ``None``: a form no rule
        explains is left as it is ("her" is not the adjective "h" + "er")."""
        exception = self.exceptions.get(lower)
        if exception:
            return exception[0]
        for old, new in self.rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if form and form in self.index:
                    return form
        return None


class TaglessLemmas:
    """``analyse(doc)``: one string per token holding all its possible lemmas, and presidio's
    keywords among them (both cached by word, so a word is looked at once)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self.rules = [RuleLemmas(lemmatizer, pos) for pos in LEMMA_POS] if lemmatizer else []
        self._cache: dict[str, tuple[str, bool]] = {}

    def analyse(self, doc: Doc) -> tuple[list[str], list[str]]:
        """(lemma string per token, keywords): presidio's ``NlpArtifacts.set_keywords`` keeps
        the lemmas that are not stop words or punctuation, split at colons."""
        return self.analyse_words([token.text for token in doc])

    def analyse_words(self, words: list[str]) -> tuple[list[str], list[str]]:
        """``analyse`` of a document given as its tokens' texts."""
        found = [self._lemma(word) for word in words]
        keywords = [part for lemma, kept in found if kept for part in lemma.split(":")]
        return [lemma for lemma, _ in found], keywords

    def lemma(self, word: str) -> str:
        return self._lemma(word)[0]

    def _lemma(self, word: str) -> tuple[str, bool]:
        cached = self._cache.get(word)
        if cached is None:
            if len(self._cache) >= CACHE_WORDS:
                self._cache.clear()  # memory stays flat over millions of notes
            cached = self._cache[word] = self._options(word)
        return cached

    def _options(self, word: str) -> tuple[str, bool]:
        """The word's lemma string and whether any of its options is a keyword."""
        lower = word.lower()
        options = [lower]
        if lower.isalpha():
            lemmas = (rules.lemma(lower) for rules in self.rules)
            options += [lemma for lemma in lemmas if lemma]
        kept = [o for o in dict.fromkeys(options) if self._keyword(o)]
        return (SEPARATOR.join(kept), True) if kept else (lower, False)

    def _keyword(self, lemma: str) -> bool:
        """presidio's test of a lemma worth matching context words against (the vocabulary's
        own stop-word and punctuation tests, without adding the lemma to the vocabulary)."""
        getters = self.nlp.vocab.lex_attr_getters
        return not (getters[IS_STOP](lemma) or getters[IS_PUNCT](lemma)) and (
            lemma not in _NOT_KEYWORDS
        )


class NerOnlyArtifacts(NlpArtifacts):
    """presidio's artifacts for a document only NER has run on, with ``pos_at`` for names."""

    def __init__(
        self, doc: Doc, text: str, entities, scores, lemmas: TaglessLemmas, engine
    ) -> None:
        # each token's offset and length in one pass over the document in spaCy's C code:
        # iterating the document makes a Python object of every token, each time (as
        # ``doc.text`` does: ``text`` is the document's text, given by the caller)
        spans = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        words, keywords = lemmas.analyse_words([text[start : start + n] for start, n in spans])
        self.token_ends = [start + n for start, n in spans]  # detect.context searches them
        super().__init__(
            entities=entities,
            tokens=doc,
            tokens_indices=[start for start, _ in spans],
            lemmas=words,
            nlp_engine=None,  # presidio's keywords are computed below, from the lemma strings
            language="en",
            scores=scores,
        )
        self.nlp_engine = engine
        self.keywords = keywords
        self._nlp = lemmas.nlp
        self._pos: dict[int, str | None] = {}

    def pos_at(self, offset: int) -> str | None:
        """The part of speech of the token starting at character ``offset``, else ``None``."""
        if offset not in self._pos:
            self.tag_offsets([offset])
        return self._pos[offset]

    def tag_offsets(self, offsets: Iterable[int]) -> None:
        """Tag the tokens starting at ``offsets`` (those not tagged yet) in one tagger run, for
        ``pos_at`` to answer from its cache: each token is tagged with the ``TAG_MARGIN`` tokens
        on each side, the windows that overlap joined into one piece, all pieces in one batch
        (a tagger call costs far more than the tokens it tags)."""
        starts = self.tokens_indices
        wanted = []
        for offset in sorted(set(offsets) - self._pos.keys()):
            index = bisect_left(starts, offset)
            if index < len(starts) and starts[index] == offset:
                wanted.append(index)
            else:
                self._pos[offset] = None
        pieces: list[list[int]] = []  # [low, high, index, index...] per piece
        for index in wanted:
            low, high = max(0, index - TAG_MARGIN), min(len(starts), index + TAG_MARGIN + 1)
            if pieces and low <= pieces[-1][1]:
                pieces[-1][1] = high
                pieces[-1].append(index)
            else:
                pieces.append([low, high, index])
        for (low, _, *indices), tagged in zip(pieces, self._tagged(pieces), strict=True):
            for index in indices:
                self._pos[starts[index]] = tagged[index - low].pos_

    def _tagged(self, pieces: list[list[int]]) -> list[Doc]:
        doc = self.tokens
        docs = [
            Doc(
                self._nlp.vocab,
                words=[t.text for t in doc[low:high]],
                spaces=[bool(t.whitespace_) for t in doc[low:high]],
            )
            for low, high, *_ in pieces
        ]
        with one_blas_thread():
            for name in TAGGING_PIPES:
                if name in self._nlp.pipe_names:
                    docs = list(self._nlp.get_pipe(name).pipe(docs))
        return docs
