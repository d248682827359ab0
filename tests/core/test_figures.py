"""Figures: photo rows of stories, placed by the body (the lead opens it), search, and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from photofactory import fixture, jpeg_bytes, write, xmp_alt, xmp_packet

from desk import body as body_model
from desk.body import figure_line
from desk.cli import main
from desk.errors import BadInput, NotFound
from desk.store import Store
from desk.store.figures import LEAD


def figure_ids_in_body(text: str) -> list[int]:
    """The figures a body places, in order."""
    return body_model.parse(text).figure_ids


@pytest.fixture
def story(store):
    """A story with two paragraphs of text."""
    return store.articles.create(headline="Quake hits Antakya", body_md="First.\n\nSecond.\n")


def body_of(store: Store, story) -> str:
    """The story's body as stored now."""
    return store.articles.get(story.id).body_md


def test_inline_figure_appends_its_own_paragraph(store, story):
    photo = store.photos.add(fixture("01_iptc-ref-2017.1.jpg"))
    fig = store.figures.add(story.id, photo.id, alt="A street of fallen houses")
    body = body_of(store, story)
    assert body == f"First.\n\nSecond.\n\n![A street of fallen houses](figure:{fig.id})\n"
    assert [b.figure_id for b in body_model.parse(body).blocks] == [None, None, fig.id]
    assert store.articles.get(story.id).word_count == 2  # the figure line is not words


def test_prefill_from_metadata_but_never_alt_from_caption(store, story):
    photo = store.photos.add(fixture("01_iptc-ref-2017.1.jpg"))
    fig = store.figures.add(story.slug, photo.id)
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
    photo = store.photos.add(path)
    fig = store.figures.add(story.id, photo.id)
    assert fig.alt == "A girl waves from a bus window."
    assert f"![A girl waves from a bus window.](figure:{fig.id})" in body_of(store, story)
    photo2 = store.photos.add(fixture("04_gps-nikon-coolpix-p6000.jpg"))
    assert store.figures.add(story.id, photo2.id).credit == ""
    ref = store.figures.add(story.id, store.photos.add(fixture("01_iptc-ref-2017.1.jpg")).id)
    assert ref.credit == "Credit Line (ref2017.1)"


def test_given_fields_win_over_metadata(store, story):
    photo = store.photos.add(fixture("01_iptc-ref-2017.1.jpg"))
    fig = store.figures.add(story.id, photo.id, caption="Our caption", credit="", alt="")
    assert (fig.caption, fig.credit, fig.alt) == ("Our caption", "", "")


def test_update_changes_the_row_only_and_limit_is_250(store, story):
    fig = store.figures.add(story.id, store.photos.add(fixture("07_cmyk.jpg")).id)
    store.figures.update(fig.id, alt="A [grey] square")
    assert f"![]({f'figure:{fig.id}'})" in body_of(store, story)  # the body's owner mirrors it
    assert store.figures.get(fig.id).alt == "A [grey] square"
    mirrored = body_model.set_alt(body_of(store, story), fig.id, "A [grey] square")
    assert f"![A (grey) square](figure:{fig.id})" in mirrored
    store.figures.update(fig.id, alt="x" * 250)
    before = body_of(store, story)
    with pytest.raises(BadInput, match="251 characters"):
        store.figures.update(fig.id, caption="changed", alt="x" * 251)
    assert body_of(store, story) == before
    assert store.figures.get(fig.id).caption == ""


def test_captions_are_searchable_in_stories_and_library(store, story):
    photo = store.photos.add(fixture("03_pillow-iptc-budapest.jpg"))
    fig = store.figures.add(story.id, photo.id, caption="Chain Bridge at dusk", credit="Kovacs")
    assert [h.slug for h in store.search.stories("chain bridge")] == [story.slug]
    assert [p.id for p in store.photos.library("dusk")] == [photo.id]
    assert [p.id for p in store.photos.library("kovacs")] == [photo.id]
    assert [p.id for p in store.photos.library("holiday")] == [photo.id]  # an IIM keyword
    assert [p.id for p in store.photos.library("budapest")] == [photo.id]
    store.figures.update(fig.id, caption="Parliament at night")
    assert store.search.stories("chain bridge") == []
    assert store.photos.library("dusk") == []
    assert [p.id for p in store.photos.library("parliament")] == [photo.id]


def test_remove_figure_removes_its_paragraph_keeps_the_photo(store, story):
    photo = store.photos.add(fixture("07_cmyk.jpg"))
    a = store.figures.add(story.id, photo.id, caption="A")
    b = store.figures.add(story.id, photo.id, caption="B")
    store.figures.remove(a.id)
    assert body_of(store, story) == f"First.\n\nSecond.\n\n{figure_line(b.id)}\n"
    assert [f.id for f in store.figures.for_story(story.id)] == [b.id]
    assert store.photos.get(photo.id) == photo
    with pytest.raises(NotFound):
        store.figures.get(a.id)


def test_the_lead_opens_the_body_and_comes_first(store, story):
    inline = store.figures.add(story.id, store.photos.add(fixture("07_cmyk.jpg")).id)
    lead = store.figures.add(
        story.id, store.photos.add(fixture("04_gps-nikon-coolpix-p6000.jpg")).id, place=LEAD
    )
    arranged = store.figures.for_story(story.id)
    assert [(f.id, f.role, f.number) for f in arranged] == [
        (lead.id, "lead", 1),
        (inline.id, "inline", 2),
    ]
    assert figure_ids_in_body(body_of(store, story)) == [lead.id, inline.id]
    assert body_of(store, story).startswith(figure_line(lead.id))


def test_a_new_lead_puts_the_old_one_inline_right_after_it(store, story):
    p1 = store.photos.add(fixture("07_cmyk.jpg"))
    p2 = store.photos.add(fixture("09_transparent-rgba.png"))
    old = store.figures.add(story.id, p1.id, place=LEAD, alt="old lead")
    new = store.figures.add(story.id, p2.id, place=LEAD, alt="new lead")
    assert [f.role for f in store.figures.for_story(story.id)] == ["lead", "inline"]
    assert figure_ids_in_body(body_of(store, story)) == [new.id, old.id]
    assert "![old lead]" in body_of(store, story)


def test_a_figure_not_in_the_text_is_unplaced_and_comes_last(store, story):
    photo = store.photos.add(fixture("07_cmyk.jpg"))
    aside = store.figures.add(story.id, photo.id, caption="aside", place=None)
    placed = store.figures.add(story.id, photo.id, caption="placed")
    assert [(f.caption, f.role, f.number) for f in store.figures.for_story(story.id)] == [
        ("placed", "inline", 1),
        ("aside", "unplaced", None),
    ]
    assert aside.label() == 'An unplaced photo ("aside")'
    assert store.figures.for_story(story.id)[0].label() == 'Figure 1 ("placed")'
    store.figures.place(aside.id)
    assert figure_ids_in_body(body_of(store, story)) == [placed.id, aside.id]


def test_replace_photo_keeps_caption(store, story):
    old = store.photos.add(fixture("07_cmyk.jpg"))
    new = store.photos.add(fixture("09_transparent-rgba.png"))
    fig = store.figures.add(story.id, old.id, caption="Keep me", credit="AFP", alt="Square")
    replaced = store.figures.replace_photo(fig.id, new.id)
    assert (replaced.image_id, replaced.caption, replaced.credit, replaced.alt) == (
        new.id,
        "Keep me",
        "AFP",
        "Square",
    )
    assert store.photos.usage(old.id) == []
    assert [a.slug for a in store.photos.usage(new.id)] == [story.slug]


def test_photo_reused_in_another_story_with_its_own_caption(store, story):
    other = store.articles.create(headline="Aid arrives")
    photo = store.photos.add(fixture("03_pillow-iptc-budapest.jpg"))
    store.figures.add(story.id, photo.id, caption="First use")
    store.figures.add(other.id, photo.id, caption="Second use")
    assert {a.slug for a in store.photos.usage(photo.id)} == {story.slug, other.slug}
    assert [f.caption for f in store.figures.for_story(other.id)] == ["Second use"]
    assert [f.caption for f in store.figures.for_story(story.id)] == ["First use"]


def test_figure_without_photo_is_a_slot(store, story):
    fig = store.figures.add(story.id, None, caption="Photo to come")
    assert fig.photo is None
    assert store.figures.for_story(story.id)[0].to_dict()["photo"] is None


def test_suggested_tags_come_from_photo_keywords(store, story):
    store.figures.add(story.id, store.photos.add(fixture("03_pillow-iptc-budapest.jpg")).id)
    assert "Budapest" in store.tags.suggest(story.id)


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
        assert store.photos.library() == []
        assert not any(p.is_file() for p in store.root.glob("media/**/*"))


def test_deleting_a_story_forgets_its_captions_in_the_library(store, story):
    photo = store.photos.add(fixture("07_cmyk.jpg"))
    store.figures.add(story.id, photo.id, caption="Harbour cranes at dawn")
    assert [p.id for p in store.photos.library("cranes")] == [photo.id]
    store.articles.delete(story.id)
    assert store.photos.library("cranes") == []
    assert [p.id for p in store.photos.library()] == [photo.id]


def test_desk_images_lists_whole_file_names_in_aligned_columns(tmp_path):
    """A size wider than '640x480' pushed its row's columns along, and names were cut at 30
    characters (the name a user then looks for)."""
    runner = CliRunner()
    store_dir = str(tmp_path / "store")
    slug = runner.invoke(main, ["--store", store_dir, "new", "--headline", "X"]).output.strip()
    long_name = tmp_path / "a-photo-file-name-well-over-thirty-characters.jpg"
    long_name.write_bytes(jpeg_bytes((1200, 800)))
    for path in (fixture("07_cmyk.jpg"), long_name):
        added = runner.invoke(main, ["--store", store_dir, "image", "add", slug, str(path)])
        assert added.exit_code == 0, added.output
    rows = runner.invoke(main, ["--store", store_dir, "images"]).output.splitlines()
    assert len(rows) == 2
    assert any(long_name.name in row for row in rows)
    assert len({row.index("[") for row in rows}) == 1  # the stories' column starts in one place
