"""Markdown with front matter: fields to metadata, relative images imported as photos."""

from __future__ import annotations

import shutil
from pathlib import Path

from desk.importers import detect, import_files, parse

HUGO = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "hugo"
POST = HUGO / "post.md"


def test_front_matter_fields_become_metadata():
    story = parse(POST)[0]
    assert story.headline == "Ferry strike strands islanders for a third day"
    assert story.standfirst.startswith("Crews walked out on Monday")
    assert story.authors == ["Maria Costa", "Jonas Berg"]
    assert story.created == "2024-05-14T05:30:00.000Z"  # +02:00 in the file, UTC stored
    assert story.section == "Local"
    assert story.tags == ["ferries", "strikes", "Islands"]
    assert story.slug == "ferry-strike-day-three"
    assert story.dateline == "Kirkwall"
    assert story.status == "draft"


def test_images_become_figures_with_alt_and_title_as_caption():
    figures = parse(POST)[0].figures()
    assert [f.alt for f in figures] == [
        "Two moored ferries in an empty harbour at dawn",
        "A blue ferry hull on blocks",
        "A missing picture",
    ]
    assert figures[0].caption.startswith("The harbour at Kirkwall")
    assert figures[0].photo_path == HUGO / "photos" / "harbour.jpg"
    assert figures[1].caption == "The MV Hamnavoe in dry dock"
    assert figures[1].credit == "Jonas Berg"
    assert figures[2].photo_path is None


def test_markdown_imports_photos_into_the_store(store):
    result = import_files(store, [POST])[0]
    assert result.ok, result.error
    article = store.articles.get(result.slugs[0])
    assert article.slug == "ferry-strike-day-three"
    figures = store.figures.for_story(article.id)
    assert [f.photo is not None for f in figures] == [True, True, False]
    assert figures[0].photo.original_name == "harbour.jpg"
    assert figures[0].alt == "Two moored ferries in an empty harbour at dawn"
    assert (store.root / figures[1].photo.path).is_file()
    body = article.body_md
    assert f"![Two moored ferries in an empty harbour at dawn](figure:{figures[0].id})" in body
    assert "## What the union wants" in body
    assert "- [overtime rules](https://example.org/rules) restored" in body
    assert "**third day**" in body
    assert body.index("third day") < body.index(f"figure:{figures[0].id}")
    assert "photos/missing.jpg is not beside the file" in article.notes
    tags = {t.name for t in store.tags.for_story(article.id)}
    assert tags == {"ferries", "strikes", "Islands"}


def test_plain_markdown_without_front_matter_takes_its_h1_as_headline(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Council backs new bridge\n\nThe vote was 7 to 2.\n", encoding="utf-8")
    story = parse(path)[0]
    assert story.headline == "Council backs new bridge"
    assert story.body == ["The vote was 7 to 2."]


def test_toml_front_matter_and_detection_by_content(tmp_path):
    path = tmp_path / "post.txt"
    path.write_text(
        '+++\ntitle = "Hugo in TOML"\ndate = 2023-01-02\ntags = ["a", "B"]\n+++\nBody.\n',
        encoding="utf-8",
    )
    assert detect(path, path.read_bytes()) == "markdown"
    story = parse(path)[0]
    assert (story.headline, story.created, story.tags) == (
        "Hugo in TOML",
        "2023-01-02T12:00:00.000Z",
        ["a", "B"],
    )


def test_only_photo_files_are_read_from_the_paths_a_document_names(tmp_path):
    (tmp_path / "secret.txt").write_text("password", encoding="utf-8")
    (tmp_path / "shared.jpg").write_bytes(b"\xff\xd8")
    folder = tmp_path / "story"
    folder.mkdir()
    path = folder / "post.md"
    path.write_text("# T\n\n![x](../secret.txt)\n\n![y](../shared.jpg)\n", encoding="utf-8")
    figures = parse(path)[0].figures()
    assert figures[0].photo_path is None
    assert figures[1].photo_path == tmp_path / "shared.jpg"


def test_a_broken_photo_leaves_its_figure_awaiting_one_with_a_note(store, tmp_path):
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    post = tmp_path / "post.md"
    post.write_text('# Story\n\nText.\n\n![A quay](broken.jpg "The quay")\n', encoding="utf-8")
    (result,) = import_files(store, [post])
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    (figure,) = store.figures.for_story(article.id)
    assert figure.photo is None
    assert figure.caption == "The quay"
    assert "the photo broken.jpg was not added" in article.notes


def test_a_jekyll_post_takes_its_date_from_the_file_name(tmp_path):
    path = tmp_path / "2021-03-09-budget-day.md"
    path.write_text("---\ntitle: Budget day\nlayout: post\n---\nText.\n", encoding="utf-8")
    assert parse(path)[0].created == "2021-03-09T12:00:00.000Z"


def test_broken_or_hostile_front_matter_is_refused_and_nothing_is_stored(store, tmp_path):
    """Bad YAML names its line; a YAML tag that would build a Python object is refused (the
    safe loader, over libyaml or not), and the store is left as it was."""
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: Floods\ntags: [news, weather\n---\n\nText.\n", encoding="utf-8")
    hostile = tmp_path / "hostile.md"
    pwned = tmp_path / "pwned"
    hostile.write_text(
        f"---\ntitle: !!python/object/apply:os.system ['touch {pwned}']\n---\n\nText.\n",
        encoding="utf-8",
    )
    results = import_files(store, [broken, hostile])
    assert [r.ok for r in results] == [False, False]
    assert "front matter is not valid YAML/TOML near line" in results[0].error
    assert "front matter is not valid YAML/TOML" in results[1].error
    assert not pwned.exists()
    assert store.articles.all() == []


def test_front_matter_with_a_list_where_text_belongs_is_refused(store, tmp_path):
    """YAML aliases let a few hundred bytes name a list of lists hundreds of millions of
    characters long as text (a "billion laughs"): a title, tag or author that is not text is
    refused in one sentence, quickly, and nothing is stored."""
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, below in zip("bcdefgh", "abcdefg", strict=True):
        levels.append(f"{name}: &{name} [{', '.join(['*' + below] * 9)}]")
    bomb = tmp_path / "bomb.md"
    bomb.write_text("---\n" + "\n".join(levels) + "\ntitle: *h\n---\n\nBody.\n", encoding="utf-8")
    assert bomb.stat().st_size < 1000
    nested = tmp_path / "nested.md"
    nested.write_text("---\ntitle: Floods\ntags: [[news, weather], rain]\n---\nText.\n", "utf-8")
    mapped = tmp_path / "mapped.md"
    mapped.write_text("---\ntitle: {text: Floods}\n---\nText.\n", encoding="utf-8")
    results = import_files(store, [bomb, nested, mapped])
    assert [r.ok for r in results] == [False, False, False]
    assert "bomb.md: its front matter's title holds a list or a map" in results[0].error
    assert "front matter's tags holds a list or a map" in results[1].error
    assert "front matter's title holds" in results[2].error
    assert store.articles.all() == []
    fine = tmp_path / "fine.md"  # lists of text stay welcome where a list is meant
    fine.write_text("---\ntitle: Floods\ntags: [news, weather]\nauthor: [A. B, C. D]\n---\nT.\n")
    (result,) = import_files(store, [fine])
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    assert article.headline == "Floods"
    assert article.authors == ["A. B", "C. D"]


def test_an_image_inside_a_paragraph_becomes_a_figure_after_it(store, tmp_path):
    """The page shows photos as figures: an image left inside the text showed nowhere."""
    shutil.copyfile(HUGO / "photos" / "harbour.jpg", tmp_path / "harbour.jpg")
    post = tmp_path / "post.md"
    post.write_text(
        '# Harbour\n\nThe quay ![Boats at the quay](harbour.jpg "The quay at dawn") was'
        " empty.\n\n```\n![code](harbour.jpg)\n```\n",
        encoding="utf-8",
    )
    (result,) = import_files(store, [post])
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    (figure,) = store.figures.for_story(article.id)
    assert figure.caption == "The quay at dawn"
    assert figure.alt == "Boats at the quay"
    assert figure.photo is not None
    assert article.body_md.startswith(
        f"The quay was empty.\n\n![Boats at the quay](figure:{figure.id})"
    )
    assert "![code](harbour.jpg)" in article.body_md  # code is left as it is


def test_a_headline_repeated_with_an_entity_as_the_first_heading_is_dropped(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: 'Summer in Budapest: heat & storms'\n---\n\n"
        "# Summer in Budapest: heat &amp; storms\n\nThe city was hot.\n",
        encoding="utf-8",
    )
    (story,) = parse(post)
    assert story.headline == "Summer in Budapest: heat & storms"
    assert story.body == ["The city was hot."]  # not the headline again, as a heading
