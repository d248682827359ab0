"""Tags in the store: uniqueness, tagging, rename and merge, kinds, suggestions, bad input."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desk.errors import BadInput, NotFound, StoreError, TagExists
from desk.tagnames import MAX_TAG_LENGTH, normalise_tag, split_tags


def names(tags) -> list[str]:
    """Just the names of some tags."""
    return [t.name for t in tags]


def counts(store) -> dict[str, int]:
    """Every tag's story count, by name."""
    return {t.name: t.count for t in store.tags.all()}


def link_rows(store) -> list[tuple]:
    """Every story-tag link, sorted, to compare before and after."""
    return sorted(store.db.conn.execute("SELECT article_id, tag_id FROM article_tags").fetchall())


def test_case_and_spaces_make_one_tag_keeping_the_first_spelling(store):
    a = store.articles.create(headline="One")
    b = store.articles.create(headline="Two")
    store.tags.tag(a.id, ["Idlib"])
    store.tags.tag(b.slug, [" idlib "])
    store.tags.tag(b.id, ["IDLIB", "idlib"])
    assert names(store.tags.all()) == ["Idlib"]
    assert store.tags.all()[0].count == 2
    assert store.tags.get("  iDLIB").name == "Idlib"
    assert [s.slug for s in store.articles.all(tags=["IDLIB"])] == [b.slug, a.slug]


def test_accents_are_kept_apart_but_found_either_way(store):
    a = store.articles.create(headline="One")
    store.tags.tag(a.id, ["Côte d'Ivoire", "Cote d'Ivoire"])
    assert len(store.tags.all()) == 2
    assert names(store.tags.all("cote")) == ["Cote d'Ivoire", "Côte d'Ivoire"]


def test_tags_are_sorted_without_regard_to_case_and_filtered_by_query(store):
    a = store.articles.create(headline="One")
    store.tags.tag(a.id, ["beirut", "Aleppo", "Damascus", "aid"])
    assert names(store.tags.all()) == ["aid", "Aleppo", "beirut", "Damascus"]
    store.tags.tag(a.id, ["Élysée", "Zurich", "Eu"])
    assert names(store.tags.all())[-4:] == ["Damascus", "Élysée", "Eu", "Zurich"]
    assert names(store.tags.all("AL")) == ["Aleppo"]
    assert names(store.tags.all("ru")) == ["beirut"]
    assert names(store.tags.all("a")) == ["aid", "Aleppo", "Damascus"]
    assert names(store.tags.all("ely")) == ["Élysée"]
    assert names(store.tags.all("S")) == ["Damascus", "Élysée"]


def test_tag_article_returns_the_stored_tags_and_show_lists_them(store):
    a = store.articles.create(headline="One")
    store.tags.tag(a.id, ["Syria"])
    tags = store.tags.tag(a.id, ["syria", "Idlib", "SYRIA"])
    assert names(tags) == ["Syria", "Idlib"]
    assert names(store.tags.for_story(a.id)) == ["Idlib", "Syria"]


def test_untag_takes_the_tag_off_and_keeps_it(store):
    a = store.articles.create(headline="One")
    store.tags.tag(a.id, ["Syria", "Idlib"])
    assert store.tags.untag(a.slug, ["SYRIA"]) == 1
    assert names(store.tags.for_story(a.id)) == ["Idlib"]
    assert counts(store) == {"Idlib": 1, "Syria": 0}
    with pytest.raises(NotFound, match="has no tag 'Syria'"):
        store.tags.untag(a.id, ["Idlib", "Syria"])
    assert names(store.tags.for_story(a.id)) == ["Idlib"]


def test_tagging_a_missing_story_changes_nothing(store):
    with pytest.raises(NotFound):
        store.tags.tag("no-such-story", ["Syria"])
    assert store.tags.all() == []


def test_merge_moves_every_story_and_removes_the_source(store):
    a, b, c = (store.articles.create(headline=h) for h in ("A", "B", "C"))
    store.tags.tag(a.id, ["Daesh"])
    store.tags.tag(b.id, ["Daesh", "Islamic State"])
    store.tags.tag(c.id, ["Islamic State"])
    store.tags.set_kind("Daesh", "organisation")
    assert store.tags.merge("daesh", "islamic state") == 2
    assert counts(store) == {"Islamic State": 3}
    assert store.tags.get("Islamic State").kind == "organisation"
    with pytest.raises(NotFound):
        store.tags.get("Daesh")


def test_merge_into_a_missing_tag_changes_nothing(store):
    a = store.articles.create(headline="A")
    store.tags.tag(a.id, ["Daesh"])
    before = link_rows(store)
    with pytest.raises(NotFound, match="no tag 'ISIS'"):
        store.tags.merge("Daesh", "ISIS")
    with pytest.raises(BadInput, match="same tag"):
        store.tags.merge("Daesh", "DAESH")
    assert link_rows(store) == before
    assert counts(store) == {"Daesh": 1}


def test_merge_failing_half_way_leaves_everything_unchanged(store):
    a, b = (store.articles.create(headline=h) for h in ("A", "B"))
    store.tags.tag(a.id, ["Daesh"])
    store.tags.tag(b.id, ["Islamic State"])
    # The last step of the merge (deleting the source tag) fails after the stories moved.
    store.db.conn.execute(
        "CREATE TRIGGER refuse BEFORE DELETE ON tags BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    before = link_rows(store)
    with pytest.raises(StoreError):
        store.tags.merge("Daesh", "Islamic State")
    assert link_rows(store) == before
    assert counts(store) == {"Daesh": 1, "Islamic State": 1}


def test_rename_respells_and_refuses_another_existing_tag_with_the_count(store):
    a, b = (store.articles.create(headline=h) for h in ("A", "B"))
    store.tags.tag(a.id, ["idlib", "Syria"])
    store.tags.tag(b.id, ["idlib"])
    assert store.tags.rename("IDLIB", "Idlib").name == "Idlib"
    with pytest.raises(TagExists) as caught:
        store.tags.rename("Idlib", " syria ")
    assert (caught.value.source, caught.value.target, caught.value.count) == ("Idlib", "Syria", 2)
    assert "2 stories" in str(caught.value)
    assert isinstance(caught.value, BadInput)
    assert counts(store) == {"Idlib": 2, "Syria": 1}
    with pytest.raises(NotFound):
        store.tags.rename("Aleppo", "Halab")


def test_kinds(store):
    store.tags.create("Erdogan")
    assert store.tags.set_kind("erdogan", "Person").kind == "person"
    assert store.tags.set_kind("Erdogan", "organization").kind == "organisation"
    assert store.tags.set_kind("Erdogan", "none").kind == ""
    with pytest.raises(BadInput, match="subject, place, person, organisation"):
        store.tags.set_kind("Erdogan", "planet")


def test_delete_only_unused_and_prune(store):
    a = store.articles.create(headline="A")
    store.tags.tag(a.id, ["Syria"])
    store.tags.create("Unused")
    store.tags.create("Also unused")
    with pytest.raises(BadInput, match="is on 1 story"):
        store.tags.delete("Syria")
    store.tags.delete("unused")
    assert names(store.tags.all()) == ["Also unused", "Syria"]
    assert store.tags.delete_unused() == 1
    assert names(store.tags.all()) == ["Syria"]


def test_counts_stay_right_when_stories_are_deleted(store):
    a, b, c = (store.articles.create(headline=h) for h in ("A", "B", "C"))
    for story in (a, b, c):
        store.tags.tag(story.id, ["Syria"])
    store.tags.tag(a.id, ["Idlib"])
    store.articles.delete(a.slug)
    store.articles.delete(b.id)
    assert counts(store) == {"Idlib": 0, "Syria": 1}
    assert names(store.tags.for_story(c.id)) == ["Syria"]
    assert store.tags.delete_unused() == 1


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Idlib\t\n region ", "Idlib region"),
        ('The "Caesar" Act', 'The "Caesar" Act'),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("Rock & Roll 🎸", "Rock & Roll 🎸"),
        ("👩\u200d💻 coders", "👩\u200d💻 coders"),
        ("Bell\x07ing\x00cat\u202e", "Bellingcat"),
        ("x" * MAX_TAG_LENGTH, "x" * MAX_TAG_LENGTH),
    ],
)
def test_normalise_tag_keeps_text_and_removes_controls(raw, clean):
    assert normalise_tag(raw) == clean


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "cannot be empty"),
        ("   \t\n", "cannot be empty"),
        ("\x00\x01", "cannot be empty"),
        ("x" * 200, "200 characters long; a tag can be at most 100"),
        ("Syria, Idlib", "contains a comma"),
    ],
)
def test_bad_tags_are_refused_with_a_clear_message_and_nothing_changes(store, raw, message):
    a = store.articles.create(headline="A")
    with pytest.raises(BadInput, match=message):
        store.tags.tag(a.id, ["Good", raw])
    assert store.tags.all() == []
    with pytest.raises(BadInput, match=message):
        normalise_tag(raw)


def test_split_tags_uses_commas_as_separators():
    assert split_tags("Syria, Idlib,, ,Aleppo") == ["Syria", " Idlib", "Aleppo"]
    assert split_tags(["a,b", "c"]) == ["a", "b", "c"]


def test_odd_tags_round_trip_through_json(store):
    a = store.articles.create(headline="A")
    odd = ['Say "cheese"', "<b>bold</b>", "Rock 🎸", "back\\slash"]
    store.tags.tag(a.id, odd)
    doc = json.loads(json.dumps([t.to_dict() for t in store.tags.all()], ensure_ascii=False))
    assert sorted(d["name"] for d in doc) == sorted(odd)


def add_photo(store, article_id: int, metadata: object, n: int = 1) -> None:
    """Put a photo row with this metadata into a story, as the photo verbs would."""
    raw = metadata if isinstance(metadata, str) else json.dumps(metadata)
    image_id = store.db.conn.execute(
        "INSERT INTO images (sha256, path, format, width, height, metadata) "
        "VALUES (?, ?, 'jpeg', 10, 10, ?)",
        [f"{n:064x}", f"media/{n}.jpg", raw],
    ).lastrowid
    store.db.conn.execute(
        "INSERT INTO article_images (article_id, image_id) VALUES (?, ?)", [article_id, image_id]
    )


def test_suggestions_from_text_are_existing_tags_named_as_whole_words(store):
    for name in ("United Nations", "Idlib", "Turkey", "Aid", "Iran", "Çavuşoğlu", "C++"):
        store.tags.create(name)
    a = store.articles.create(
        headline="Shelling resumes in IDLIB",
        standfirst="The united   nations asks for aid.",
        body_md="Cavusoglu spoke.\n\nTurkeys and Iranian officials were not named. C code.",
    )
    assert store.tags.suggest(a.id) == ["Idlib", "United Nations", "Aid", "Çavuşoğlu"]
    store.tags.tag(a.id, ["idlib"])
    assert "Idlib" not in store.tags.suggest(a.id)


def test_suggestions_from_photo_keywords(store):
    store.tags.create("Syria")
    a = store.articles.create(headline="Nothing to match here")
    assert store.tags.suggest(a.id) == []
    add_photo(store, a.id, {"keywords": ["syria", "Refugees", " ", "x" * 300, "Refugees"]}, 1)
    add_photo(store, a.id, "not json {", 2)
    add_photo(store, a.id, {"caption": "no keywords"}, 3)
    add_photo(store, a.id, {"keywords": "Camps; Winter"}, 4)
    assert store.tags.suggest(a.id) == ["Syria", "Refugees", "Camps", "Winter"]
    store.tags.tag(a.id, ["Refugees"])
    assert store.tags.suggest(a.id) == ["Syria", "Camps", "Winter"]


def test_suggestions_for_a_story_without_photos_or_tags(store):
    a = store.articles.create()
    assert store.tags.suggest(a.id) == []
    assert store.tags.suggest(999) == []


def test_the_norm_column_refuses_duplicates_even_behind_the_verbs(store):
    store.tags.create("Idlib")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.conn.execute("INSERT INTO tags (name, norm) VALUES ('IDLIB', 'idlib')")


def test_a_storys_tags_are_counted_in_the_index_not_across_the_store(store):
    """Each tag's count comes from the tag_id index for the tags asked for: counting every
    tag of the store at each call made one story's tags cost as much as the whole store's."""
    first = store.articles.create(headline="Floods")
    second = store.articles.create(headline="Vote")
    store.tags.tag(first.id, ["Weather", "Syria"])
    store.tags.tag(second.id, ["Syria"])
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        tags = store.tags.for_story(first.id)
    finally:
        store.db.conn.set_trace_callback(None)
    assert [(t.name, t.count) for t in tags] == [("Syria", 2), ("Weather", 1)]
    (lookup,) = [s for s in statements if s.startswith("SELECT t.id")]
    plan = [row[-1] for row in store.db.query(f"EXPLAIN QUERY PLAN {lookup}")]
    assert not any(step.startswith(("SCAN", "MATERIALIZE")) for step in plan), plan
