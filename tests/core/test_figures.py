"""Figures: photos placed in stories, their paragraphs in the body, search, and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from photofactory import fixture, jpeg_bytes, write, xmp_alt, xmp_packet

from desk.cli import main
from desk.errors import BadInput, NotFound
from desk.render import split_blocks
from desk.store import Store
from desk.store_images import (
    figure_ids_in_body,
    figure_line,
    remove_figure_paragraph,
    reorder_figure_paragraphs,
)


@pytest.fixture
def story(store):
    """A story with two paragraphs of text."""
    return store.create_article(headline="Quake hits Antakya", body_md="First.\n\nSecond.\n")


def body_of(store: Store, story) -> str:
    """The story's body as stored now."""
    return store.get_article(story.id).body_md


def test_inline_figure_appends_its_own_paragraph(store, story):
    photo = store.add_photo(fixture("01_iptc-ref-2017.1.jpg"))
    fig = store.add_figure(story.id, photo.id, alt="A street of fallen houses")
    body = body_of(store, story)
    assert body == f"First.\n\nSecond.\n\n![A street of fallen houses](figure:{fig.id})\n"
    assert [b.figure_id for b in split_blocks(body)] == [None, None, fig.id]
    assert store.get_article(story.id).word_count == 2  # the figure line is not words


def test_prefill_from_metadata_but_never_alt_from_caption(store, story):
    photo = store.add_photo(fixture("01_iptc-ref-2017.1.jpg"))
    fig = store.add_figure(story.slug, photo.id)
    assert fig.caption == "The description aka caption (ref2017.1)"
    assert fig.credit == "Credit Line (ref2017.1)"
    assert fig.alt == ""
    assert fig.photo == photo


def test_credit_falls_back_to_creators_and_alt_comes_from_iptc(store, story, tmp_path):
    xmp = xmp_packet(
        [xmp_alt("Iptc4xmpCore:AltTextAccessibility", "A girl waves from a bus window.")],
        attributes="photoshop:City='Gaziantep'",
    )
    path = write(tmp_path / "bus.jpg", jpeg_bytes(xmp=xmp))
    photo = store.add_photo(path)
    fig = store.add_figure(story.id, photo.id)
    assert fig.alt == "A girl waves from a bus window."
    assert f"![A girl waves from a bus window.](figure:{fig.id})" in body_of(store, story)
    photo2 = store.add_photo(fixture("04_gps-nikon-coolpix-p6000.jpg"))
    assert store.add_figure(story.id, photo2.id).credit == ""
    ref = store.add_figure(story.id, store.add_photo(fixture("01_iptc-ref-2017.1.jpg")).id)
    assert ref.credit == "Credit Line (ref2017.1)"


def test_given_fields_win_over_metadata(store, story):
    photo = store.add_photo(fixture("01_iptc-ref-2017.1.jpg"))
    fig = store.add_figure(story.id, photo.id, caption="Our caption", credit="", alt="")
    assert (fig.caption, fig.credit, fig.alt) == ("Our caption", "", "")


def test_update_alt_mirrors_into_the_body_and_limit_is_250(store, story):
    fig = store.add_figure(story.id, store.add_photo(fixture("07_cmyk.jpg")).id)
    store.update_figure(fig.id, alt="A [grey] square")
    assert f"![A (grey) square](figure:{fig.id})" in body_of(store, story)
    assert store.get_figure(fig.id).alt == "A [grey] square"
    store.update_figure(fig.id, alt="x" * 250)
    before = body_of(store, story)
    with pytest.raises(BadInput, match="251 characters"):
        store.update_figure(fig.id, caption="changed", alt="x" * 251)
    assert body_of(store, story) == before
    assert store.get_figure(fig.id).caption == ""


def test_captions_are_searchable_in_stories_and_library(store, story):
    photo = store.add_photo(fixture("03_pillow-iptc-budapest.jpg"))
    fig = store.add_figure(story.id, photo.id, caption="Chain Bridge at dusk", credit="Kovacs")
    assert [h.slug for h in store.search("chain bridge")] == [story.slug]
    assert [p.id for p in store.photo_library("dusk")] == [photo.id]
    assert [p.id for p in store.photo_library("kovacs")] == [photo.id]
    assert [p.id for p in store.photo_library("holiday")] == [photo.id]  # an IIM keyword
    assert [p.id for p in store.photo_library("budapest")] == [photo.id]
    store.update_figure(fig.id, caption="Parliament at night")
    assert store.search("chain bridge") == []
    assert store.photo_library("dusk") == []
    assert [p.id for p in store.photo_library("parliament")] == [photo.id]


def test_remove_figure_removes_its_paragraph_keeps_the_photo(store, story):
    photo = store.add_photo(fixture("07_cmyk.jpg"))
    a = store.add_figure(story.id, photo.id, caption="A")
    b = store.add_figure(story.id, photo.id, caption="B")
    store.remove_figure(a.id)
    assert body_of(store, story) == f"First.\n\nSecond.\n\n{figure_line(b.id)}\n"
    assert [f.id for f in store.figures(story.id)] == [b.id]
    assert store.get_photo(photo.id) == photo
    with pytest.raises(NotFound):
        store.get_figure(a.id)


def test_lead_is_not_in_the_body_and_comes_first(store, story):
    inline = store.add_figure(story.id, store.add_photo(fixture("07_cmyk.jpg")).id)
    lead = store.add_figure(
        story.id, store.add_photo(fixture("04_gps-nikon-coolpix-p6000.jpg")).id, lead=True
    )
    assert [(f.id, f.role) for f in store.figures(story.id)] == [
        (lead.id, "lead"),
        (inline.id, "inline"),
    ]
    assert figure_ids_in_body(body_of(store, story)) == [inline.id]


def test_set_lead_swaps_places_with_the_old_lead(store, story):
    p1 = store.add_photo(fixture("07_cmyk.jpg"))
    p2 = store.add_photo(fixture("09_transparent-rgba.png"))
    old = store.add_figure(story.id, p1.id, lead=True, alt="old lead")
    new = store.add_figure(story.id, p2.id)
    store.set_lead(new.id)
    assert store.get_figure(new.id).role == "lead"
    assert store.get_figure(old.id).role == "inline"
    assert figure_ids_in_body(body_of(store, story)) == [old.id]
    assert "![old lead]" in body_of(store, story)
    assert [f.role for f in store.figures(story.id)] == ["lead", "inline"]


def test_reorder_moves_figures_in_panel_and_body(store, story):
    photo = store.add_photo(fixture("07_cmyk.jpg"))
    a, b, c = (store.add_figure(story.id, photo.id, caption=x) for x in "abc")
    store.reorder_figures(story.id, [c.id, a.id, b.id])
    assert [f.caption for f in store.figures(story.id)] == ["c", "a", "b"]
    assert figure_ids_in_body(body_of(store, story)) == [c.id, a.id, b.id]
    store.move_figure(c.id, 2)
    assert [f.caption for f in store.figures(story.id)] == ["a", "b", "c"]
    with pytest.raises(BadInput):
        store.reorder_figures(story.id, [a.id, b.id])


def test_replace_photo_keeps_caption(store, story):
    old = store.add_photo(fixture("07_cmyk.jpg"))
    new = store.add_photo(fixture("09_transparent-rgba.png"))
    fig = store.add_figure(story.id, old.id, caption="Keep me", credit="AFP", alt="Square")
    replaced = store.replace_photo(fig.id, new.id)
    assert (replaced.image_id, replaced.caption, replaced.credit, replaced.alt) == (
        new.id,
        "Keep me",
        "AFP",
        "Square",
    )
    assert store.photo_usage(old.id) == []
    assert [a.slug for a in store.photo_usage(new.id)] == [story.slug]


def test_photo_reused_in_another_story_with_its_own_caption(store, story):
    other = store.create_article(headline="Aid arrives")
    photo = store.add_photo(fixture("03_pillow-iptc-budapest.jpg"))
    store.add_figure(story.id, photo.id, caption="First use")
    store.add_figure(other.id, photo.id, caption="Second use")
    assert {a.slug for a in store.photo_usage(photo.id)} == {story.slug, other.slug}
    assert [f.caption for f in store.figures(other.id)] == ["Second use"]
    assert [f.caption for f in store.figures(story.id)] == ["First use"]


def test_figure_without_photo_is_a_slot(store, story):
    fig = store.add_figure(story.id, None, caption="Photo to come")
    assert fig.photo is None
    assert store.figures(story.id)[0].to_dict()["photo"] is None


def test_suggested_tags_come_from_photo_keywords(store, story):
    store.add_figure(story.id, store.add_photo(fixture("03_pillow-iptc-budapest.jpg")).id)
    assert "Budapest" in store.suggested_tags(story.id)


def test_body_helpers_keep_other_text():
    body = "Intro.\n\n![a](figure:1)\n\nMiddle.\n\n![b](figure:2)\n\nEnd."
    assert remove_figure_paragraph(body, 1) == "Intro.\n\nMiddle.\n\n![b](figure:2)\n\nEnd."
    assert remove_figure_paragraph("![a](figure:1)\n\nText", 1) == "Text"
    swapped = reorder_figure_paragraphs(body, [2, 1])
    assert swapped == "Intro.\n\n![b](figure:2)\n\nMiddle.\n\n![a](figure:1)\n\nEnd."


def test_cli_image_add_and_show_json(tmp_path):
    runner = CliRunner()
    store_dir = str(tmp_path / "store")
    slug = runner.invoke(main, ["--store", store_dir, "new", "--headline", "Flood"]).output.strip()
    add = ["--store", store_dir, "image", "add", slug]
    result = runner.invoke(
        main,
        [
            *add,
            str(fixture("01_iptc-ref-2017.1.jpg")),
            "--alt",
            "Water up to the doors of a row of houses",
        ],
    )
    assert result.exit_code == 0, result.output
    figure_id = int(result.output.strip())
    lead = runner.invoke(
        main,
        [
            *add,
            str(fixture("04_gps-nikon-coolpix-p6000.jpg")),
            "--lead",
            "--caption",
            "Hills above the town",
            "--credit",
            "Ana/AFP",
        ],
    )
    assert lead.exit_code == 0, lead.output
    doc = json.loads(runner.invoke(main, ["--store", store_dir, "show", slug, "--json"]).output)
    assert f"![Water up to the doors of a row of houses](figure:{figure_id})" in doc["body_md"]
    first, second = doc["figures"]
    assert (first["role"], first["caption"], first["credit"]) == (
        "lead",
        "Hills above the town",
        "Ana/AFP",
    )
    assert first["photo"]["metadata"]["gps"]["lat"] == pytest.approx(43.4674, abs=1e-3)
    assert second["id"] == figure_id
    assert second["caption"] == "The description aka caption (ref2017.1)"
    assert second["credit"] == "Credit Line (ref2017.1)"
    assert second["alt"] == "Water up to the doors of a row of houses"
    assert second["photo"]["metadata"]["creators"] == [
        "Creator1 (ref2017.1)",
        "Creator2 (ref2017.1)",
    ]
    listing = runner.invoke(main, ["--store", store_dir, "images", "credit", "--json"])
    assert [p["stories"] for p in json.loads(listing.output)] == [[slug]]


def test_cli_bad_photo_is_one_sentence_and_adds_nothing(tmp_path):
    runner = CliRunner()
    store_dir = tmp_path / "store"
    slug = runner.invoke(main, ["--store", str(store_dir), "new", "--headline", "X"]).output.strip()
    bad = write(tmp_path / "broken.jpg", b"\xff\xd8\xff" + b"\x00" * 10)
    result = runner.invoke(main, ["--store", str(store_dir), "image", "add", slug, str(bad)])
    assert result.exit_code == 2
    assert "broken.jpg" in result.output
    missing = runner.invoke(
        main, ["--store", str(store_dir), "image", "add", "nope", str(fixture("07_cmyk.jpg"))]
    )
    assert missing.exit_code == 2
    with Store.open(store_dir) as store:
        assert store.photo_library() == []
        assert not any(p.is_file() for p in store.root.glob("media/**/*"))


def test_deleting_a_story_forgets_its_captions_in_the_library(store, story):
    photo = store.add_photo(fixture("07_cmyk.jpg"))
    store.add_figure(story.id, photo.id, caption="Harbour cranes at dawn")
    assert [p.id for p in store.photo_library("cranes")] == [photo.id]
    store.delete_article(story.id)
    assert store.photo_library("cranes") == []
    assert [p.id for p in store.photo_library()] == [photo.id]
