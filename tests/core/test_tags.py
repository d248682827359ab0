"""Tags in the store: uniqueness, tagging, rename and merge, kinds, suggestions, bad input."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desk.errors import BadInput, NotFound, StoreError, TagExists
from desk.store_tags import MAX_TAG_LENGTH, normalise_tag, split_tags


def names(tags) -> list[str]:
    """Just the names of some tags."""
    return [t.name for t in tags]


def counts(store) -> dict[str, int]:
    """Every tag's story count, by name."""
    return {t.name: t.count for t in store.tags()}


def link_rows(store) -> list[tuple]:
    """Every story-tag link, sorted, to compare before and after."""
    return sorted(store.db.execute("SELECT article_id, tag_id FROM article_tags").fetchall())


def test_case_and_spaces_make_one_tag_keeping_the_first_spelling(store):
    a = store.create_article(headline="One")
    b = store.create_article(headline="Two")
    store.tag_article(a.id, ["Idlib"])
    store.tag_article(b.slug, [" idlib "])
    store.tag_article(b.id, ["IDLIB", "idlib"])
    assert names(store.tags()) == ["Idlib"]
    assert store.tags()[0].count == 2
    assert store.get_tag("  iDLIB").name == "Idlib"
    assert [s.slug for s in store.list_articles(tags=["IDLIB"])] == [b.slug, a.slug]


def test_accents_are_kept_apart_but_found_either_way(store):
    a = store.create_article(headline="One")
    store.tag_article(a.id, ["Côte d'Ivoire", "Cote d'Ivoire"])
    assert len(store.tags()) == 2
    assert names(store.tags("cote")) == ["Cote d'Ivoire", "Côte d'Ivoire"]


def test_tags_are_sorted_without_regard_to_case_and_filtered_by_query(store):
    a = store.create_article(headline="One")
    store.tag_article(a.id, ["beirut", "Aleppo", "Damascus", "aid"])
    assert names(store.tags()) == ["aid", "Aleppo", "beirut", "Damascus"]
    store.tag_article(a.id, ["Élysée", "Zurich", "Eu"])
    assert names(store.tags())[-4:] == ["Damascus", "Élysée", "Eu", "Zurich"]
    assert names(store.tags("AL")) == ["Aleppo"]
    assert names(store.tags("ru")) == ["beirut"]
    assert names(store.tags("a")) == ["aid", "Aleppo", "Damascus"]
    assert names(store.tags("ely")) == ["Élysée"]
    assert names(store.tags("S")) == ["Damascus", "Élysée"]


def test_tag_article_returns_the_stored_tags_and_show_lists_them(store):
    a = store.create_article(headline="One")
    store.tag_article(a.id, ["Syria"])
    tags = store.tag_article(a.id, ["syria", "Idlib", "SYRIA"])
    assert names(tags) == ["Syria", "Idlib"]
    assert names(store.article_tags(a.id)) == ["Idlib", "Syria"]


def test_untag_takes_the_tag_off_and_keeps_it(store):
    a = store.create_article(headline="One")
    store.tag_article(a.id, ["Syria", "Idlib"])
    assert store.untag_article(a.slug, ["SYRIA"]) == 1
    assert names(store.article_tags(a.id)) == ["Idlib"]
    assert counts(store) == {"Idlib": 1, "Syria": 0}
    with pytest.raises(NotFound, match="has no tag 'Syria'"):
        store.untag_article(a.id, ["Idlib", "Syria"])
    assert names(store.article_tags(a.id)) == ["Idlib"]


def test_tagging_a_missing_story_changes_nothing(store):
    with pytest.raises(NotFound):
        store.tag_article("no-such-story", ["Syria"])
    assert store.tags() == []


def test_merge_moves_every_story_and_removes_the_source(store):
    a, b, c = (store.create_article(headline=h) for h in ("A", "B", "C"))
    store.tag_article(a.id, ["Daesh"])
    store.tag_article(b.id, ["Daesh", "Islamic State"])
    store.tag_article(c.id, ["Islamic State"])
    store.set_tag_kind("Daesh", "organisation")
    assert store.merge_tags("daesh", "islamic state") == 2
    assert counts(store) == {"Islamic State": 3}
    assert store.get_tag("Islamic State").kind == "organisation"
    with pytest.raises(NotFound):
        store.get_tag("Daesh")


def test_merge_into_a_missing_tag_changes_nothing(store):
    a = store.create_article(headline="A")
    store.tag_article(a.id, ["Daesh"])
    before = link_rows(store)
    with pytest.raises(NotFound, match="no tag 'ISIS'"):
        store.merge_tags("Daesh", "ISIS")
    with pytest.raises(BadInput, match="same tag"):
        store.merge_tags("Daesh", "DAESH")
    assert link_rows(store) == before
    assert counts(store) == {"Daesh": 1}


def test_merge_failing_half_way_leaves_everything_unchanged(store):
    a, b = (store.create_article(headline=h) for h in ("A", "B"))
    store.tag_article(a.id, ["Daesh"])
    store.tag_article(b.id, ["Islamic State"])
    # The last step of the merge (deleting the source tag) fails after the stories moved.
    store.db.execute(
        "CREATE TRIGGER refuse BEFORE DELETE ON tags BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    before = link_rows(store)
    with pytest.raises(StoreError):
        store.merge_tags("Daesh", "Islamic State")
    assert link_rows(store) == before
    assert counts(store) == {"Daesh": 1, "Islamic State": 1}


def test_rename_respells_and_refuses_another_existing_tag_with_the_count(store):
    a, b = (store.create_article(headline=h) for h in ("A", "B"))
    store.tag_article(a.id, ["idlib", "Syria"])
    store.tag_article(b.id, ["idlib"])
    assert store.rename_tag("IDLIB", "Idlib").name == "Idlib"
    with pytest.raises(TagExists) as caught:
        store.rename_tag("Idlib", " syria ")
    assert (caught.value.source, caught.value.target, caught.value.count) == ("Idlib", "Syria", 2)
    assert "2 stories" in str(caught.value)
    assert isinstance(caught.value, BadInput)
    assert counts(store) == {"Idlib": 2, "Syria": 1}
    with pytest.raises(NotFound):
        store.rename_tag("Aleppo", "Halab")


def test_kinds(store):
    store.create_tag("Erdogan")
    assert store.set_tag_kind("erdogan", "Person").kind == "person"
    assert store.set_tag_kind("Erdogan", "organization").kind == "organisation"
    assert store.set_tag_kind("Erdogan", "none").kind == ""
    with pytest.raises(BadInput, match="subject, place, person, organisation"):
        store.set_tag_kind("Erdogan", "planet")


def test_delete_only_unused_and_prune(store):
    a = store.create_article(headline="A")
    store.tag_article(a.id, ["Syria"])
    store.create_tag("Unused")
    store.create_tag("Also unused")
    with pytest.raises(BadInput, match="is on 1 story"):
        store.delete_tag("Syria")
    store.delete_tag("unused")
    assert names(store.tags()) == ["Also unused", "Syria"]
    assert store.delete_unused_tags() == 1
    assert names(store.tags()) == ["Syria"]


def test_counts_stay_right_when_stories_are_deleted(store):
    a, b, c = (store.create_article(headline=h) for h in ("A", "B", "C"))
    for story in (a, b, c):
        store.tag_article(story.id, ["Syria"])
    store.tag_article(a.id, ["Idlib"])
    store.delete_article(a.slug)
    store.delete_article(b.id)
    assert counts(store) == {"Idlib": 0, "Syria": 1}
    assert names(store.article_tags(c.id)) == ["Syria"]
    assert store.delete_unused_tags() == 1


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
    a = store.create_article(headline="A")
    with pytest.raises(BadInput, match=message):
        store.tag_article(a.id, ["Good", raw])
    assert store.tags() == []
    with pytest.raises(BadInput, match=message):
        normalise_tag(raw)


def test_split_tags_uses_commas_as_separators():
    assert split_tags("Syria, Idlib,, ,Aleppo") == ["Syria", " Idlib", "Aleppo"]
    assert split_tags(["a,b", "c"]) == ["a", "b", "c"]


def test_odd_tags_round_trip_through_json(store):
    a = store.create_article(headline="A")
    odd = ['Say "cheese"', "<b>bold</b>", "Rock 🎸", "back\\slash"]
    store.tag_article(a.id, odd)
    doc = json.loads(json.dumps([t.to_dict() for t in store.tags()], ensure_ascii=False))
    assert sorted(d["name"] for d in doc) == sorted(odd)


def add_photo(store, article_id: int, metadata: object, n: int = 1) -> None:
    """Put a photo row with this metadata into a story, as the photo verbs would."""
    raw = metadata if isinstance(metadata, str) else json.dumps(metadata)
    image_id = store.db.execute(
        "INSERT INTO images (sha256, path, format, width, height, metadata) "
        "VALUES (?, ?, 'jpeg', 10, 10, ?)",
        [f"{n:064x}", f"media/{n}.jpg", raw],
    ).lastrowid
    store.db.execute(
        "INSERT INTO article_images (article_id, image_id, role, position) VALUES (?, ?, ?, ?)",
        [article_id, image_id, "inline", n],
    )
    store.db.conn.commit()


def test_suggestions_from_text_are_existing_tags_named_as_whole_words(store):
    for name in ("United Nations", "Idlib", "Turkey", "Aid", "Iran", "Çavuşoğlu", "C++"):
        store.create_tag(name)
    a = store.create_article(
        headline="Shelling resumes in IDLIB",
        standfirst="The united   nations asks for aid.",
        body_md="Cavusoglu spoke.\n\nTurkeys and Iranian officials were not named. C code.",
    )
    assert store.suggest_tags(a.id) == ["Idlib", "United Nations", "Aid", "Çavuşoğlu"]
    store.tag_article(a.id, ["idlib"])
    assert "Idlib" not in store.suggest_tags(a.id)


def test_suggestions_from_photo_keywords(store):
    store.create_tag("Syria")
    a = store.create_article(headline="Nothing to match here")
    assert store.suggest_tags(a.id) == []
    add_photo(store, a.id, {"keywords": ["syria", "Refugees", " ", "x" * 300, "Refugees"]}, 1)
    add_photo(store, a.id, "not json {", 2)
    add_photo(store, a.id, {"caption": "no keywords"}, 3)
    add_photo(store, a.id, {"keywords": "Camps; Winter"}, 4)
    assert store.suggest_tags(a.id) == ["Syria", "Refugees", "Camps", "Winter"]
    store.tag_article(a.id, ["Refugees"])
    assert store.suggest_tags(a.id) == ["Syria", "Camps", "Winter"]


def test_suggestions_for_a_story_without_photos_or_tags(store):
    a = store.create_article()
    assert store.suggest_tags(a.id) == []
    assert store.suggest_tags(999) == []


def test_the_norm_column_refuses_duplicates_even_behind_the_verbs(store):
    store.create_tag("Idlib")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO tags (name, norm) VALUES ('IDLIB', 'idlib')")
