"""Clinical presidio recognizers, one module per family of identifiers.

Every module exposes ``recognizers() -> list[EntityRecognizer]`` whose entities are
``PhiType`` values. ``all_recognizers`` is the registry the pipeline uses.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from deid.detect.recognizers import (
    ages,
    biometrics,
    contacts,
    dates,
    identifiers,
    images,
    locations,
    names,
    ner,
)


def all_recognizers() -> list[EntityRecognizer]:
    """Every recognizer deid runs, in a stable order."""
    return [
        *ner.recognizers(),
        *names.recognizers(),
        *dates.recognizers(),
        *ages.recognizers(),
        *contacts.recognizers(),
        *locations.recognizers(),
        *identifiers.recognizers(),
        *images.recognizers(),
        *biometrics.recognizers(),
    ]
