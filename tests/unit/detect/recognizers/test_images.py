"""Image recognizers: photo file names and mentions of real photographs, not figures of speech
or look-alike words."""

from __future__ import annotations

import pytest

from deid.detect.registry import family
from deid.model import PhiType

IMAGE = PhiType.IMAGE
RECOGNIZERS = family("images")

POSITIVES = [
    # file names
    ("She emailed IMG_20250506_141502.jpg to the clinic.", "IMG_20250506_141502.jpg"),
    ("Uploaded scan.png to the portal.", "scan.png"),
    ("Mother sent photo.heic last night.", "photo.heic"),
    ("File DSC01234.JPG reviewed.", "DSC01234.JPG"),
    (
        "Saved as Screenshot 2025-05-06 at 14.15.02.png on her phone.",
        "Screenshot 2025-05-06 at 14.15.02.png",
    ),
    (
        "See C:\\Users\\pt\\Pictures\\face_01.tiff for reference.",
        "C:\\Users\\pt\\Pictures\\face_01.tiff",
    ),
    ("rash.webp and xray.dcm attached", "xray.dcm"),
    ("old.gif, mri.bmp", "mri.bmp"),
    ("IMG_1234 is in the chart.", "IMG_1234"),
    # photo mentions
    ("Photo attached.", "Photo attached"),
    ("See attached photograph.", "attached photograph"),
    ("PHOTOS ARE ATTACHED.", "PHOTOS ARE ATTACHED"),
    ("Took a picture of her wound.", "picture of her wound"),
    ("The selfie she showed me was recent.", "selfie"),
    ("She showed me a selfie from the party.", "selfie"),
    ("Copy of photo ID scanned to chart.", "photo ID"),
    ("Full-face photograph on file.", "Full-face photograph"),
    ("She sent me photos of herself as a child.", "photos of herself"),
    ("Images of the wound uploaded.", "Images of the wound"),
    ("image attached to the referral", "image attached"),
    ("On her phone, a picture of her kids.", "picture of her kids"),
    ("She showed a picture of her kids.", "picture"),
]

NEGATIVES = [
    "Reports photosensitivity on lithium.",
    "Photophobia with migraines.",
    "She is the picture of health.",
    "The clinical picture is consistent with MDD.",
    "She holds an image of herself as a failure.",
    "Her self-image is poor.",
    "Body image concerns persist.",
    "Export as PNG for the report.",
    "Save as .png please.",
    "Paints a picture of the future.",
    "Discussed photo therapy for SAD.",
    "Imaging of the brain was normal.",
    "Her picture of the family is bleak.",
    "She has an image of him as cruel.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_image_reference(recognize, text: str, expected: str) -> None:
    assert (expected, IMAGE) in recognize(RECOGNIZERS, text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_figurative_and_lookalikes(recognize, text: str) -> None:
    assert recognize(RECOGNIZERS, text) == set()


def test_file_name_does_not_swallow_preceding_words(recognize) -> None:
    assert recognize(RECOGNIZERS, "see file scan.png today") == {("scan.png", IMAGE)}


def test_names_are_unique_and_entities_are_image() -> None:
    assert len({r.name for r in RECOGNIZERS}) == len(RECOGNIZERS)
    assert all(r.supported_entities == [IMAGE.value] for r in RECOGNIZERS)


@pytest.mark.parametrize(
    "text",
    [
        "Client showed me a photo of a handgun on his dashboard.",
        "Classmates posted an edited photo of her on a fake account.",
        "She showed a photo of the bruise on her arm.",
    ],
)
def test_a_mention_of_a_photo_is_a_reminder_not_an_identifier(found, text):
    """The recognizer proposes photo mentions for the review page; the decision stage gives
    them probability 0: "photo of a handgun" stays readable, the photograph itself is what
    identifies and it is not in the text."""
    assert not {t for t, phi_type in found(text) if phi_type is IMAGE}


@pytest.mark.parametrize("name", ["IMG_4471.HEIC", "teacher_note_scan.pdf", "selfie.jpg"])
def test_an_image_file_name_is_an_identifier(found, name):
    text = f"Client showed a photo of the bruise (file {name}) on her arm."
    assert (name, IMAGE) in found(text)
