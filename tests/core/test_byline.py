"""The one byline rule: written from the authors unless edited; an edit is kept, by the form,
`desk new` and the exported page alike."""

from __future__ import annotations

from click.testing import CliRunner

from desk import export
from desk.byline import byline_after, byline_parts, follows_authors, written_byline
from desk.cli import main
from desk.model import Article


def test_the_byline_is_written_from_the_authors_in_the_storys_language():
    assert written_byline([]) == ""
    assert written_byline(["Jane Doe"]) == "By Jane Doe"
    assert written_byline(["Jane Doe", "Sam Roe"]) == "By Jane Doe and Sam Roe"
    assert written_byline(["A", "B", "C"], "fr") == "Par A, B et C"


def test_a_written_byline_follows_new_authors_but_an_edited_one_is_kept():
    written = written_byline(["Jane Doe"])
    assert follows_authors(written, ["Jane Doe"])
    assert byline_after(written, ["Jane Doe"], ["Jane Doe", "Sam Roe"]) == (
        "By Jane Doe and Sam Roe"
    )
    edited = "By Jane Doe in Paris"
    assert not follows_authors(edited, ["Jane Doe"])
    assert byline_after(edited, ["Jane Doe"], ["Sam Roe"]) == edited
    assert byline_after("", [], ["Sam Roe"]) == "By Sam Roe"


def test_a_byline_written_in_another_language_still_follows_the_authors():
    assert byline_after("Par Jane Doe", ["Jane Doe"], ["Jane Doe"], "de") == "Von Jane Doe"


def test_the_page_prints_an_edited_byline_with_the_names_marked(store, tmp_path):
    article = store.articles.create(
        headline="Talks",
        authors=["Jane Doe"],
        byline="By Jane Doe in Paris",
        agency="AFP",
        body_md="Text.",
    )
    html = export.fragment_text(store, article.slug)
    assert 'By <span class="author">Jane Doe</span> in Paris' in html
    assert '<span class="agency">AFP</span>' in html  # not named in the byline: shown


def test_the_page_writes_the_byline_from_the_authors_when_not_edited(store):
    article = store.articles.create(
        headline="Talks", authors=["Jane Doe", "Sam Roe"], byline="", body_md="Text."
    )
    html = export.fragment_text(store, article.slug)
    assert 'By <span class="author">Jane Doe</span> and <span class="author">Sam Roe</span>' in html


def test_an_agency_the_edited_byline_names_is_not_printed_twice():
    article = Article(authors=["A B"], byline="By A B in Beirut (AFP)", agency="AFP")
    parts = byline_parts(article)
    assert parts.agency == ""
    assert [t for t, is_name in parts.segments if is_name] == ["A B"]


def test_desk_new_writes_the_byline_from_the_authors_and_keeps_one_given(store_dir):
    def new(*args: str) -> dict:
        made = CliRunner().invoke(main, ["--store", str(store_dir), "new", *args])
        assert made.exit_code == 0, made.stderr
        shown = CliRunner().invoke(
            main, ["--store", str(store_dir), "show", made.stdout.strip(), "--json"]
        )
        import json

        return json.loads(shown.stdout)

    assert new("--author", "Jane Doe", "--author", "Sam Roe")["byline"] == (
        "By Jane Doe and Sam Roe"
    )
    assert new("--author", "Jane Doe", "--byline", "By Jane in Paris")["byline"] == (
        "By Jane in Paris"
    )
