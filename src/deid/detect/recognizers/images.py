"""Photo and image references (HIPAA Safe Harbor, item Q: full-face photographs and comparable
images).

Two kinds: image file names ("IMG_20250506_141502.jpg", "Screenshot 2025-05-06 at
14.15.02.png"), which often embed dates or names, and mentions of an actual photograph of the
patient ("photo attached", "picture of her wound", "selfie she showed me", "photo ID").
Figurative uses ("picture of health", "self-image", "body image", "image of herself as a
failure") and look-alike words ("photosensitivity", "photophobia") must not match. A mention is
a reminder for the reviewer, not an identifier: the decision stage gives it probability 0
(``deid.decide.REMINDER_RECOGNIZERS``), so the review page offers it and no run redacts it.

>>> from deid.detect.registry import family
>>> [r.name for r in family("images")]
['ImageFileNameRecognizer', 'PhotoReferenceRecognizer']
"""

from __future__ import annotations

import re

from presidio_analyzer import PatternRecognizer

from deid import lexicon
from deid.detect.recognizers.base import Prechecked, pattern
from deid.model import PhiType

EXTENSIONS = rf"(?:{lexicon.alternatives('image_extensions')})"
"""Still images, and video files ("comparable images" under Safe Harbor)."""
FILE_END = r"(?![\w-])"


class ImageFileNameRecognizer(Prechecked, PatternRecognizer):
    """File names of photos and images, with or without a path, and camera-style stems."""

    PATTERNS = [
        pattern(
            "screenshot_with_spaces",
            rf"\bscreen\s?shot\b[\w .,()-]{{0,60}}?\.{EXTENSIONS}{FILE_END}",
        ),
        pattern(
            "file_with_image_extension",
            # a bracket may sit inside the name ("photo(1).jpg"), not open it ("(scan.pdf)")
            rf"(?<![\w.\-/\\])(?:[\w~.:-]*[/\\])*[\w-][\w()-]*(?:\.[\w()-]+)*\.{EXTENSIONS}"
            rf"{FILE_END}",
        ),
        pattern(
            "camera_file_stem",
            r"\b(?:IMG|DSC|DSCN|DSCF|PXL|MVIMG|PANO|IMG-\d{8}-WA)[_-]?\d[\d_-]{3,}\b",
        ),
    ]
    PRECHECKS = {"file_with_image_extension": rf"\.{EXTENSIONS}"}

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.IMAGE.value,
            name="ImageFileNameRecognizer",
            patterns=list(self.PATTERNS),
        )


LITERAL_PHOTO = r"(?:photo(?:graph)?s?|pics?|selfies?|snapshots?|head\s?shots?|mug\s?shots?)"
"""Nouns that almost always mean a real photograph."""
PHOTO = rf"(?:{LITERAL_PHOTO}|pictures?)"
IMAGE_NOUN = rf"(?:{PHOTO}|images?)"
DETERMINER = rf"(?:{lexicon.alternatives('determiners')})(?![\w'])"
CONCRETE = rf"(?:{lexicon.alternatives('concrete_image_subjects')}|bruis\w*)"
SHOWN_VERBS = rf"(?:{lexicon.alternatives('shown_verbs')})"
HOLDER = rf"(?:{lexicon.alternatives('image_holders')})"
OBJECT_WORD = rf"(?:\s+(?!(?:{lexicon.alternatives('object_stop_words')})\b)[a-z'-]+)?"
NOT_FIGURATIVE_HEAD = rf"(?<!\b(?:{lexicon.alternatives('figurative_heads')})\s+)"
""""the clinical picture of MDD" describes a presentation, not a photograph."""
NOT_FIGURATIVE_END = re.compile(
    rf"\b(?:{lexicon.alternatives('figurative_ends')})$",
    re.IGNORECASE,
)


IMAGE_QUANTIFIERS = lexicon.alternatives("image_quantifiers")


class PhotoReferenceRecognizer(PatternRecognizer):
    """Mentions of a real photograph or image of the patient, attached, shown or taken.

    "image" is figurative more often than not ("self-image", "image of herself as a failure"),
    so it only counts next to a concrete cue (attached, uploaded, of her wound); "picture of the
    family" is often a view, not a photo, so it needs a context word; "photo" is literal, so it
    counts alone at a low score.
    """

    PATTERNS = [
        pattern(
            "full_face_photo",
            r"\bfull[\s-]?face\s+(?:photo(?:graph)?s?|pictures?|images?|shots?|views?)\b",
        ),
        pattern("photo_id", r"\bphoto\s*(?:ID|identification)\b"),
        pattern(
            "attached_image",
            rf"\b(?:(?:attached|enclosed|uploaded|included|scanned)\s+"
            rf"(?:full[\s-]?face\s+)?{IMAGE_NOUN}"
            rf"|{IMAGE_NOUN}\s+(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?"
            rf"(?:attached|enclosed|uploaded|included))\b",
        ),
        pattern(
            "photo_of_someone",
            rf"\b{LITERAL_PHOTO}\s+of\s+{DETERMINER}{OBJECT_WORD}",
        ),
        pattern(
            "picture_of_something",
            rf"{NOT_FIGURATIVE_HEAD}\bpictures?\s+of\s+{DETERMINER}{OBJECT_WORD}",
        ),
        pattern(
            "image_of_body",
            rf"{NOT_FIGURATIVE_HEAD}(?<![\w-])(?<!body\s)(?<!self[\s-]?)"
            rf"\b(?:images?|pictures?)\s+of\s+(?:{DETERMINER}\s+)?"
            rf"(?:(?:left|right|new|infected|healing|open)\s+)?{CONCRETE}\b",
        ),
        pattern(
            "image_shown",
            rf"(?<=\b{SHOWN_VERBS}\s+(?:me\s+|us\s+|him\s+|her\s+|them\s+)?"
            rf"(?:(?:{IMAGE_QUANTIFIERS}|\d+)\s+)?"
            rf"(?:(?:new|recent|old|few)\s+)?){IMAGE_NOUN}\b",
        ),
        pattern(
            "image_then_holder_verb",
            rf"\b{IMAGE_NOUN}(?=\s+(?:that\s+|which\s+)?{HOLDER}\s+(?:had\s+|has\s+)?{SHOWN_VERBS})",
        ),
        pattern(
            "photo_word",
            r"\b(?:photo(?:graph)?s?|selfies?|head\s?shots?|mug\s?shots?|screen\s?shots?)\b"
            r"(?![\s-]*(?:therapy|sensitiv\w*|toxic\w*|phobi\w*|aging|damage|type|period))",
        ),
    ]

    """A weak "picture of the family" counts only with one of these near it."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PhiType.IMAGE.value,
            name="PhotoReferenceRecognizer",
            patterns=list(self.PATTERNS),
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop figures of speech that reach the "photo of someone" shape ("picture of the
        future")."""
        return bool(NOT_FIGURATIVE_END.search(pattern_text.strip()))
