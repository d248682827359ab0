"""Where a picture comes from: IPTC's Digital Source Type, and what readers are told about it.

Photo metadata carries the term as a URI (`http://cv.iptc.org/newscodes/digitalsourcetype/
trainedAlgorithmicMedia`) in XMP's `Iptc4xmpExt:DigitalSourceType`. Desk keeps the full URI (so
renditions carry it on unchanged), names it for the Photos dock, and labels synthetic pictures
(made or changed by generative AI, or by software without a camera) on the page and in the
editor's figure cards. Names follow the IPTC vocabulary of 2024-10 (cv.iptc.org, CC BY 4.0).
"""

from __future__ import annotations

VOCABULARY = "http://cv.iptc.org/newscodes/digitalsourcetype/"

# term -> the IPTC name (en-GB), for the Photos dock.
NAMES = {
    "digitalCapture": "Digital capture sampled from real life",
    "computationalCapture": "Multi-frame computational capture sampled from real life",
    "negativeFilm": "Digitised from a negative on film",
    "positiveFilm": "Digitised from a positive on film",
    "print": "Digitised from a print on non-transparent medium",
    "minorHumanEdits": "Original media with minor human edits",
    "humanEdits": "Human-edited media",
    "algorithmicallyEnhanced": "Algorithmically-altered media",
    "softwareImage": "Digital image created by computer software",
    "digitalArt": "Media created by a human using digital tools",
    "digitalCreation": "Created by a human using digital tools",
    "dataDrivenMedia": "Data-driven media",
    "trainedAlgorithmicMedia": "Created using generative AI",
    "algorithmicMedia": "Pure algorithmic media",
    "screenCapture": "Screen capture",
    "virtualRecording": "Virtual recording",
    "composite": "Composite of elements",
    "compositeCapture": "Composite of captured elements",
    "compositeSynthetic": "Composite including synthetic elements",
    "compositeWithTrainedAlgorithmicMedia": "Edited using generative AI",
}

# term -> what the page and the editor's card say under a synthetic picture.
READER_LABELS = {
    "trainedAlgorithmicMedia": "AI-generated image",
    "compositeWithTrainedAlgorithmicMedia": "Image edited with generative AI",
    "compositeSynthetic": "Composite image with synthetic elements",
    "algorithmicMedia": "Computer-generated image",
}


def term(value: object) -> str:
    """The vocabulary term of a Digital Source Type ('…/trainedAlgorithmicMedia' or the bare
    term, or 'digsrctype:…'), or '' when there is none."""
    text = str(value or "").strip().rstrip("/")
    if not text:
        return ""
    for prefix in (VOCABULARY, VOCABULARY.replace("http:", "https:"), "digsrctype:"):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text.rsplit("/", 1)[-1]


def uri(value: object) -> str:
    """The full IPTC URI of a Digital Source Type (a bare term gains the vocabulary's address;
    another scheme's URI is kept as it is); '' when there is none."""
    text = str(value or "").strip()
    if not text:
        return ""
    if text.startswith("digsrctype:") or not ("/" in text or ":" in text):
        return VOCABULARY + term(text)
    return text


def name(value: object) -> str:
    """How the Photos dock names a Digital Source Type: the IPTC name with its term."""
    found = term(value)
    if not found:
        return ""
    known = NAMES.get(found)
    return f"{known} ({found})" if known else found


def reader_label(value: object) -> str:
    """What readers are told about a synthetic picture ('AI-generated image'), else ''."""
    return READER_LABELS.get(term(value), "")


def is_ai(value: object) -> bool:
    """True when generative AI made or changed the picture (or a composite has synthetic parts)."""
    return term(value) in (
        "trainedAlgorithmicMedia",
        "compositeWithTrainedAlgorithmicMedia",
        "compositeSynthetic",
    )
