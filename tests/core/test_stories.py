"""Whole stories: an import is created with its figures, tags and "as received" version in one
step; a complete copy (kept on delete and rescue) makes the story again, every field included."""

from __future__ import annotations

from pathlib import Path

import pytest
from photofactory import fixture

from desk.errors import BadInput, DeskError
from desk.importers import import_files
from desk.rescue import DELETED, RESCUED, read_copy, story_copy, write_copy
from desk.store.stories import FigureDraft, StoryDraft

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_c7c2bbecfcf24f2b.txt"


def test_a_fresh_import_has_one_version_the_copy_as_received(store):
    (result,) = import_files(store, [SEED])
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    (version,) = store.history.versions(article.id)
    assert version.reason == "as received"
    assert version.snapshot["body_md"] == article.body_md  # not an empty story
    assert version.snapshot["headline"] == article.headline
    assert version.snapshot["source_date"] == "2019-08-20T12:00:00.000Z"


def test_a_story_made_from_a_draft_is_all_or_nothing(store):
    bad = StoryDraft(
        fields={"headline": "Half made?"},
        blocks=["A paragraph.", FigureDraft(caption="c", photo_id=999)],  # no such photo
    )
    with pytest.raises(DeskError):
        store.stories.create(bad)
    assert store.articles.count() == 0
    assert store.db.value("SELECT count(*) FROM article_images") == 0
    assert store.db.value("SELECT count(*) FROM revisions") == 0


def full_story(store):
    """A story with every field, a lead and an inline figure (one awaiting its photo), tags."""
    photo = store.photos.add(fixture("03_pillow-iptc-budapest.jpg"))
    draft = StoryDraft(
        fields={
            "headline": "Bridge reopens",
            "standfirst": "After two years.",
            "byline": "By Ana Ruiz in Budapest",
            "authors": ["Ana Ruiz"],
            "dateline": "Budapest",
            "section": "World",
            "status": "editing",
            "language": "hu",
            "notes": "Check the mayor's title.",
            "agency": "MTI",
            "embargo": "2030-01-01T06:00:00Z",
            "alert": "Budapest bridge reopens after two years",
            "target_words": 600,
        },
        blocks=[
            FigureDraft(
                caption="The bridge at dusk",
                credit="Ana Ruiz",
                alt="A lit bridge",
                photo_id=photo.id,
                lead=True,
            ),
            "Traffic returned on Monday. {>> mayor or deputy? <<}",
            FigureDraft(caption="Awaiting the photo desk", credit="MTI"),
            "## Cost",
            "The work cost more than planned.",
        ],
        tags=["Budapest", "Bridges"],
        created="2026-11-30T08:00:00.000Z",
    )
    return store.stories.create(draft), photo


def test_a_complete_copy_makes_the_story_again_with_every_field(store, tmp_path):
    article, photo = full_story(store)
    values = {"body_md": article.body_md + "\n\nTyped but never saved.\n"}
    path = write_copy(story_copy(store, article.id, values), DELETED, [tmp_path / "copies"])
    assert path.name.endswith(".story.json")
    copy = read_copy(path)
    made = store.stories.make(copy)
    assert made.id != article.id
    for name in ("headline", "standfirst", "byline", "authors", "dateline", "section", "status",
                 "language", "notes", "agency", "embargo", "created", "source_date",
                 "alert", "target_words"):  # fmt: skip
        assert getattr(made, name) == getattr(article, name), name
    assert made.body_md.endswith("Typed but never saved.\n")
    figures = store.figures.for_story(made.id)
    assert [(f.role, f.number, f.caption, f.credit, f.alt) for f in figures] == [
        ("lead", 1, "The bridge at dusk", "Ana Ruiz", "A lit bridge"),
        ("inline", 2, "Awaiting the photo desk", "MTI", ""),
    ]
    assert figures[0].photo == photo
    assert figures[1].photo is None
    assert [t.name for t in store.tags.for_story(made.id)] == ["Bridges", "Budapest"]


def test_a_copy_keeps_the_updates_and_corrections_readers_were_told(store, tmp_path):
    from desk import corrections

    article, _ = full_story(store)
    store.articles.update(article.id, status="published")
    corrections.add(store, article.id, corrections.CORRECTION, "An earlier version misnamed it.")
    corrections.add(store, article.id, corrections.UPDATE, "Adds the mayor's statement.")
    path = write_copy(story_copy(store, article.id, {}), DELETED, [tmp_path / "copies"])
    made = store.stories.make(read_copy(path))
    kept = [(a.kind, a.note, a.time) for a in corrections.for_story(store, made.id)]
    assert kept == [(a.kind, a.note, a.time) for a in corrections.for_story(store, article.id)]
    assert [k for k, _, _ in kept] == ["correction", "update"]


def test_two_copies_in_the_same_second_never_overwrite_each_other(store, tmp_path):
    article, _ = full_story(store)
    folder = [tmp_path / "rescued"]
    first = write_copy(story_copy(store, article.id, {"body_md": "one"}), RESCUED, folder)
    second = write_copy(story_copy(store, article.id, {"body_md": "two"}), RESCUED, folder)
    assert first != second
    assert read_copy(first)["story"]["body_md"] == "one"
    assert read_copy(second)["story"]["body_md"] == "two"
    assert not list((tmp_path / "rescued").glob(".copy-*"))  # no temporary files left


def test_a_copy_goes_to_the_next_place_when_the_first_cannot_take_it(store, tmp_path):
    article, _ = full_story(store)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    path = write_copy(story_copy(store, article.id, {}), RESCUED, [blocked / "x", tmp_path / "ok"])
    assert path.parent == tmp_path / "ok"


def test_a_copy_from_the_editor_alone_when_the_store_cannot_be_read(store):
    store.db.conn.close()  # the store is gone (a USB stick pulled out)
    copy = story_copy(store, 7, {"headline": "Kept", "body_md": "Every word."})
    assert copy["story"]["body_md"] == "Every word."
    assert copy["story"]["id"] == 7


def test_a_file_that_is_not_a_copy_is_refused_in_one_sentence(store, tmp_path):
    junk = tmp_path / "junk.story.json"
    junk.write_text('{"hello": 1}')
    with pytest.raises(BadInput, match="not a copy of a Desk story"):
        read_copy(junk)
