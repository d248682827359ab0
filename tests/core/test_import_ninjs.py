"""IPTC ninjs: a wire text item with a picture, and Desk's own article.json round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from desk.cli import main
from desk.importers import import_files, parse
from desk.store import Store

NINJS = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "ninjs"


def test_text_item_metadata():
    story = parse(NINJS / "text_item.json")[0]
    assert story.headline == "Storm Ingrid brings 100 mph gusts to western coasts"
    assert story.standfirst.startswith("Thousands of homes lost power")
    assert story.byline == "By Claire Dunne and Tom Reeve"
    assert story.authors == ["Claire Dunne", "Tom Reeve"]  # "about" people are not authors
    assert story.dateline == "Plymouth"
    assert story.agency == "Example News Agency"
    assert story.created == "2024-02-03T08:15:00.000Z"
    assert story.language == "en-GB"
    assert story.tags == ["weather", "storm", "Storm Ingrid", "power cuts"]
    assert story.notes == "Corrects gust speed in para 2.\n\nUrgency 4"


def test_text_item_body_and_pictures():
    story = parse(NINJS / "text_item.json")[0]
    text = [b for b in story.body if isinstance(b, str)]
    assert text == [
        "Storm Ingrid made landfall in **Cornwall** overnight.",
        "## Power cuts",
        "Gusts reached 100 mph at the Needles, the [forecaster](https://example.com/met) said.",
    ]
    lead, inline = story.figures()
    assert lead.lead
    assert lead.caption == "A tree blocks the A38 near Saltash on Saturday morning"
    assert lead.alt == "A large oak lying across a two-lane road"
    assert lead.credit == "Sam Hughes / Example News Agency"
    assert lead.photo_path == NINJS / "tree-thumb.jpg"  # the rendition on disk
    assert inline.caption == "Waves break over the harbour wall in Plymouth"
    assert inline.photo_path is None  # only on the web: awaits a photo


def test_text_item_imports_with_its_lead_photo(store):
    result = import_files(store, [NINJS / "text_item.json"])[0]
    assert result.ok, result.error
    figures = store.figures.for_story(result.ids[0])
    assert [f.role for f in figures] == ["lead", "inline"]
    assert figures[0].photo is not None
    body = store.articles.get(result.ids[0]).body_md
    assert body.split("\n\n")[0].endswith(f"(figure:{figures[0].id})")  # the lead opens it
    assert f"![Waves over a harbour wall](figure:{figures[1].id})" in body
    assert "track()" not in body
    notes = store.articles.get(result.ids[0]).notes
    assert "the photo http://example.com/pics/harbour.jpg is on the web" in notes


def test_a_picture_item_on_its_own_is_a_story_with_that_lead_photo(store, tmp_path):
    (tmp_path / "tree.jpg").write_bytes((NINJS / "tree-thumb.jpg").read_bytes())
    item = {
        "uri": "urn:example:pic:1",
        "type": "picture",
        "headlines": [{"role": "main", "value": "A tree in the square"}],
        "descriptions": [
            {"role": "caption", "value": "The old plane tree survived the storm"},
            {"role": "alt", "value": "A tall tree with bare branches"},
        ],
        "by": "Jane Doe/Example Agency",
        "renditions": {"original": {"href": "tree.jpg", "contenttype": "image/jpeg"}},
    }
    (tmp_path / "picture.json").write_text(json.dumps(item), encoding="utf-8")
    result = import_files(store, [tmp_path / "picture.json"])[0]
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    assert article.headline == "A tree in the square"
    (figure,) = store.figures.for_story(article.id)
    assert figure.role == "lead"
    assert figure.photo is not None
    assert figure.caption == "The old plane tree survived the storm"
    assert figure.alt == "A tall tree with bare branches"
    assert figure.credit == "Jane Doe/Example Agency"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"headlines": [}', "not valid JSON (line 1"),
        ('{"name": "a package.json"}', "not a ninjs news item"),
    ],
)
def test_bad_json_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    from desk.errors import ImportFailed

    with pytest.raises(ImportFailed, match="bad.json: .*" + message.replace("(", r"\(")):
        parse(path, "ninjs")


def make_story(store: Store, photo: Path) -> str:
    """A story with every field a round trip should keep, a photo figure and tags."""
    article = store.articles.create(
        headline="Bridge vote splits the council",
        standfirst="Seven to two for the new crossing.",
        byline="By Ann Lee and Per Berg in Oslo",
        authors=["Ann Lee", "Per Berg"],
        dateline="Oslo",
        section="Local",
        agency="NTB",
        language="nb",
        body_md="The council *voted* on **Tuesday**.\n\n## What comes next\n\n"
        "- a public hearing\n- a [budget](https://example.org/b)\n\nWork starts in May.\n",
    )
    pic = store.photos.add(photo)
    store.figures.add(
        article.id,
        pic.id,
        caption="The old bridge",
        credit="Per Berg / NTB",
        alt="A grey steel bridge over a river",
    )
    lead = store.figures.add(
        article.id,
        pic.id,
        caption="Council chamber",
        credit="NTB",
        alt="Councillors raise their hands",
        place="lead",
    )
    assert lead.role == "lead"
    store.tags.tag(article.id, ["Bridges", "Oslo council"])
    return article.slug


def test_a_desk_export_imports_back_equal(tmp_path):
    photo = tmp_path / "bridge.jpg"
    Image.new("RGB", (800, 600), (90, 90, 100)).save(photo)
    runner = CliRunner()
    with Store.open(tmp_path / "a") as a:
        slug = make_story(a, photo)
        original = a.articles.get(slug)
        original_figures = a.figures.for_story(original.id)
        original_tags = [t.name for t in a.tags.for_story(original.id)]
    out = tmp_path / "out"
    exported = runner.invoke(
        main, ["--store", str(tmp_path / "a"), "export", slug, "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    doc = out / slug / "article.json"
    assert json.loads(doc.read_text(encoding="utf-8"))["standard"]["name"] == "ninjs"

    imported = runner.invoke(main, ["--store", str(tmp_path / "b"), "import", str(doc)])
    assert imported.exit_code == 0, imported.output
    with Store.open(tmp_path / "b") as b:
        copy = b.articles.get(imported.output.strip())
        for name in (
            "slug",
            "headline",
            "standfirst",
            "byline",
            "authors",
            "dateline",
            "section",
            "agency",
            "language",
            "created",
        ):
            assert getattr(copy, name) == getattr(original, name), name
        figures = b.figures.for_story(copy.id)
        assert [(f.role, f.caption, f.credit, f.alt) for f in figures] == [
            (f.role, f.caption, f.credit, f.alt) for f in original_figures
        ]
        assert all(f.photo is not None for f in figures)
        # the body is the same text, with figure lines pointing at the new figure rows
        renumbered = original.body_md
        for old, new in zip(original_figures, figures, strict=True):
            renumbered = renumbered.replace(f"figure:{old.id})", f"figure:@{new.id})")
        assert copy.body_md == renumbered.replace("figure:@", "figure:")
        assert [t.name for t in b.tags.for_story(copy.id)] == original_tags


def test_an_export_folder_imports_once_from_its_article_json(tmp_path):
    photo = tmp_path / "bridge.jpg"
    Image.new("RGB", (640, 480), (90, 90, 100)).save(photo)
    with Store.open(tmp_path / "a") as a:
        slug = make_story(a, photo)
    runner = CliRunner()
    out = tmp_path / "out"
    exported = runner.invoke(
        main, ["--store", str(tmp_path / "a"), "export", slug, "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(main, ["--store", str(tmp_path / "b"), "import", str(out)])
    assert imported.exit_code == 0, imported.output
    assert imported.output.split() == [slug]  # index.html, style.css and images/ are not stories
