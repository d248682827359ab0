"""`desk image add --figure`: a photo for a figure that awaits one (as the seed's import leaves),
named by its number as `desk show` lists it, or by its row id as `id:ID`."""

from __future__ import annotations

from click.testing import CliRunner
from photofactory import fixture

from desk import body
from desk.cli import main
from desk.store import Store


def awaiting_story(store_dir) -> tuple[str, int, int]:
    """A story with two figures awaiting photos (Figure 1 and Figure 2 of its text, whose row
    ids are not 1 and 2); returns its slug and the two figure ids in reading order."""
    with Store.open(store_dir) as store:
        other = store.articles.create(headline="Another story")
        for _ in range(3):  # rows of another story, so row ids and numbers differ
            store.figures.add(other.id, None, caption="Elsewhere")
        story = store.articles.create(headline="Floods", body_md="First paragraph.")
        second = store.figures.add(story.id, None, caption="A road cut off")
        first = store.figures.add(story.id, None, caption="Rescuers wade in", credit="AFP", alt="")
        text = body.reorder_figures(store.articles.get(story.id).body_md, [first.id, second.id])
        store.articles.update(story.id, body_md=text)
        assert [f.id for f in store.figures.for_story(story.id)] == [first.id, second.id]
        assert {first.id, second.id}.isdisjoint({1, 2})
        return story.slug, first.id, second.id


def run(store_dir, *args: str):
    """Run the CLI on the store."""
    return CliRunner().invoke(main, ["--store", str(store_dir), *args])


def test_figure_n_as_desk_show_numbers_it_gets_the_photo_and_keeps_its_caption(store_dir):
    slug, first, second = awaiting_story(store_dir)
    photo = str(fixture("04_gps-nikon-coolpix-p6000.jpg"))
    result = run(store_dir, "image", "add", slug, photo, "--figure", "1", "--alt", "A hill")
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


def test_the_old_row_id_is_taken_as_id_colon_id(store_dir):
    slug, first, second = awaiting_story(store_dir)
    photo = str(fixture("07_cmyk.jpg"))
    result = run(store_dir, "image", "add", slug, photo, "--figure", f"id:{second}")
    assert result.exit_code == 0, result.output
    with Store.open(store_dir, readonly=True) as store:
        figures = {f.id: f for f in store.figures.for_story(slug)}
    assert figures[second].photo is not None
    assert figures[first].photo is None


def test_a_figure_of_another_story_is_refused_and_nothing_changes(store_dir):
    _, first, _ = awaiting_story(store_dir)
    with Store.open(store_dir) as store:
        other = store.articles.create(headline="Other").slug
    photo = str(fixture("07_cmyk.jpg"))
    result = run(store_dir, "image", "add", other, photo, "--figure", f"id:{first}")
    assert result.exit_code == 2
    assert f"Figure id:{first} is not in '{other}'" in result.output
    result = run(store_dir, "image", "add", other, photo, "--figure", "1")
    assert result.exit_code == 2
    assert f"'{other}' has no figure 1; `desk show {other}` lists its figures" in result.output
    with Store.open(store_dir, readonly=True) as store:
        assert store.figures.get(first).photo is None
        assert store.photos.library() == []


def test_a_number_the_story_does_not_have_or_a_bad_reference_is_refused(store_dir):
    slug, _, _ = awaiting_story(store_dir)
    photo = str(fixture("07_cmyk.jpg"))
    result = run(store_dir, "image", "add", slug, photo, "--figure", "3")
    assert result.exit_code == 2
    assert f"'{slug}' has no figure 3; `desk show {slug}` lists figures 1–2." in result.output
    result = run(store_dir, "image", "add", slug, photo, "--figure", "second")
    assert result.exit_code == 2
    assert "--figure takes a figure's number as `desk show` lists it" in result.output


def test_lead_and_figure_together_are_refused(store_dir):
    slug, _first, _ = awaiting_story(store_dir)
    photo = str(fixture("07_cmyk.jpg"))
    result = run(store_dir, "image", "add", slug, photo, "--figure", "1", "--lead")
    assert result.exit_code == 2
    assert "--lead and --figure" in result.output


def test_show_lists_figures_by_number_with_their_photo_or_none_yet(store_dir):
    slug, first, second = awaiting_story(store_dir)
    run(store_dir, "image", "add", slug, str(fixture("07_cmyk.jpg")), "--figure", "1")
    shown = run(store_dir, "show", slug).output
    assert f"figure 1: [inline] 07_cmyk.jpg: Rescuers wade in (AFP) (id:{first})" in shown
    assert f"figure 2: [inline] no photo yet: A road cut off (id:{second})" in shown
