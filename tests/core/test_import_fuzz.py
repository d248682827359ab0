"""Whatever bytes arrive, an importer either yields stories or raises one ImportFailed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.errors import ImportFailed
from desk.importers import FORMATS, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SAMPLES = {
    "wire": FIXTURES / "seed" / "000_c7c2bbecfcf24f2b.txt",
    "iptc7901": FIXTURES / "afp_two_messages.7901",
    "anpa1312": FIXTURES / "ap_story.anpa",
    "markdown": FIXTURES / "hugo" / "post.md",
    "ninjs": FIXTURES / "ninjs" / "text_item.json",
    "newsmlg2": FIXTURES / "newsmlg2" / "message_story_with_photo.xml",
    "nitf": FIXTURES / "nitf" / "dpa_story.xml",
    "webpage": FIXTURES / "webpage" / "article.html",
    "docx": FIXTURES / "docx" / "harbour.docx",
}
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def parse_or_refuse(path: Path, fmt: str) -> None:
    """Parse; ImportFailed is an acceptable answer, anything else is a bug."""
    try:
        stories = parse(path, fmt)
    except ImportFailed as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        assert message.startswith(path.name + ": ")
        assert "it could not be read as" not in message  # the catch-all for parser bugs
        return
    for story in stories:
        assert isinstance(story.headline, str)
        assert all(isinstance(b, str) or b.caption is not None for b in story.body)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@FUZZ
@given(cut=st.integers(min_value=1, max_value=20000), noise=st.binary(max_size=64))
def test_truncated_or_corrupted_files_never_crash(tmp_path_factory, fmt, cut, noise):
    data = SAMPLES[fmt].read_bytes()
    cut = cut % len(data) or 1
    path = tmp_path_factory.mktemp("fuzz") / ("sample" + SAMPLES[fmt].suffix)
    path.write_bytes(data[:cut] + noise + data[cut + len(noise) :])
    parse_or_refuse(path, fmt)


@FUZZ
@given(text=st.text(max_size=400))
def test_any_text_in_any_format_is_a_story_or_one_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("text")
    for fmt in FORMATS:
        path = folder / f"input-{fmt}.txt"
        path.write_text(text or " ", encoding="utf-8")
        parse_or_refuse(path, fmt)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
NINJS_KEYS = [
    "headlines",
    "headline",
    "descriptions",
    "by",
    "people",
    "located",
    "infosources",
    "subjects",
    "keywords",
    "bodies",
    "body_html",
    "associations",
    "renditions",
    "firstcreated",
    "embargoed",
    "language",
    "slugline",
    "type",
    "uri",
    "ednote",
]


@FUZZ
@given(doc=st.dictionaries(st.sampled_from(NINJS_KEYS), JSON_VALUES, min_size=2))
def test_ninjs_with_odd_value_types_never_crashes(tmp_path_factory, doc):
    import json

    path = tmp_path_factory.mktemp("ninjs") / "item.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    parse_or_refuse(path, "ninjs")
