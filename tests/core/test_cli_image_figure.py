"""`desk image add --figure`: a photo for a figure that awaits one (as the seed's import leaves)."""

from __future__ import annotations

from click.testing import CliRunner
from photofactory import fixture

from desk.cli import main
from desk.store import Store


def awaiting_story(store_dir) -> tuple[str, int, int]:
    """A story with two figures awaiting photos; returns its slug and the two figure ids."""
    with Store.open(store_dir) as store:
        story = store.articles.create(headline="Floods", body_md="First paragraph.")
        first = store.figures.add(story.id, None, caption="Rescuers wade in", credit="AFP", alt="")
        second = store.figures.add(story.id, None, caption="A road cut off")
        return story.slug, first.id, second.id


def run(store_dir, *args: str):
    """Run the CLI on the store."""
    return CliRunner().invoke(main, ["--store", str(store_dir), *args])


def test_figure_gets_the_photo_and_keeps_its_caption(store_dir):
    slug, first, second = awaiting_story(store_dir)
    photo = str(fixture("04_gps-nikon-coolpix-p6000.jpg"))
    result = run(store_dir, "image", "add", slug, photo, "--figure", str(first), "--alt", "A hill")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(first)
    with Store.open(store_dir, readonly=True) as store:
        figures = {f.id: f for f in store.figures.for_story(slug)}
        body = store.articles.get(slug).body_md
    assert figures[first].photo is not None
    assert (figures[first].caption, figures[first].credit) == ("Rescuers wade in", "AFP")
    assert figures[first].alt == "A hill"
    assert f"![A hill](figure:{first})" in body
    assert figures[second].photo is None
    assert len(figures) == 2  # filled, not added


def test_a_figure_of_another_story_is_refused_and_nothing_changes(store_dir):
    _, first, _ = awaiting_story(store_dir)
    with Store.open(store_dir) as store:
        other = store.articles.create(headline="Other").slug
    photo = str(fixture("07_cmyk.jpg"))
    result = run(store_dir, "image", "add", other, photo, "--figure", str(first))
    assert result.exit_code == 2
    assert f"Figure {first} is not in '{other}'" in result.output
    with Store.open(store_dir, readonly=True) as store:
        assert store.figures.get(first).photo is None
        assert store.photos.library() == []


def test_lead_and_figure_together_are_refused(store_dir):
    slug, first, _ = awaiting_story(store_dir)
    photo = str(fixture("07_cmyk.jpg"))
    result = run(store_dir, "image", "add", slug, photo, "--figure", str(first), "--lead")
    assert result.exit_code == 2
    assert "--lead and --figure" in result.output


def test_show_lists_figures_with_their_photo_or_none_yet(store_dir):
    slug, first, second = awaiting_story(store_dir)
    run(store_dir, "image", "add", slug, str(fixture("07_cmyk.jpg")), "--figure", str(first))
    shown = run(store_dir, "show", slug).output
    assert f"figure {first}: [inline] 07_cmyk.jpg: Rescuers wade in (AFP)" in shown
    assert f"figure {second}: [inline] no photo yet: A road cut off" in shown
