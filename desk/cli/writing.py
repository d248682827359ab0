"""Writing commands: replace across stories, and the spell checker's word lists."""

from __future__ import annotations

import click

from desk.cli import StoreRef, emit_json, main
from desk.text import counted


@main.command()
@click.argument("pattern")
@click.argument("replacement")
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression (\\1 in REPLACEMENT).")
@click.option("--whole-word", is_flag=True, help="Only whole words match.")
@click.option("--match-case", is_flag=True, help="Upper and lower case must match.")
@click.option("--story", "stories", multiple=True, help="Only this story (repeatable).")
@click.option("--dry-run", is_flag=True, help="List the replacements; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def replace(
    ref: StoreRef,
    pattern: str,
    replacement: str,
    regex: bool,
    whole_word: bool,
    match_case: bool,
    stories: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
) -> None:
    """Replace PATTERN with REPLACEMENT in every story's headline, standfirst, alert and body
    (never in figures or editor's notes); each changed story keeps a version first, so
    `desk history` can take it back."""
    from desk import replace as core

    search = core.Search(pattern, replacement, regex, whole_word, match_case)
    search.check()
    with ref.open(readonly=dry_run) as store:
        keys = [store.articles.id_of(s) for s in stories] if stories else None
        found = core.plan(store, search, keys)
        changed = [] if dry_run else core.apply(store, search, found.stories)
    if as_json:
        emit_json(
            {
                "dry_run": dry_run,
                "replacements": [r.to_dict() for r in found.replacements],
                "left_in_figures_or_notes": found.left,
                "changed": [
                    {"story": c.slug, "replacements": c.count, "version": c.version}
                    for c in changed
                ],
            }
        )
        return
    for r in found.replacements:
        where = core.FIELD_LABELS[r.field] + (f" line {r.line + 1}" if r.line is not None else "")
        click.echo(f"{r.slug}: {where}: …{r.before}[{r.found} → {r.replaced}]{r.after}…")
    count, story_count = len(found.replacements), len(found.stories)
    if not count:
        click.echo("Nothing to replace: no story has that text.")
    elif dry_run:
        found_in = f"{counted(count, 'replacement')} in {counted(story_count, 'story')}"
        click.echo(f"{found_in}; nothing was changed.")
    else:
        click.echo(
            f"Replaced {count:,} in {counted(len(changed), 'story')}; `desk history SLUG` "
            "lists the version kept before each."
        )
    if found.left:
        left = "was left as it was" if found.left == 1 else "were left as they were"
        click.echo(f"{counted(found.left, 'match')} in figures or editor's notes {left}.")


@main.group()
def words() -> None:
    """The spell checker's word lists: your personal list and the newsroom's."""


def _scope(newsroom: bool) -> str:
    """The list an option names."""
    from desk.wordlists import NEWSROOM, PERSONAL

    return NEWSROOM if newsroom else PERSONAL


@words.command("list")
@click.option("--newsroom", is_flag=True, help="Only the newsroom's list.")
@click.option("--personal", is_flag=True, help="Only your personal list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def words_list(ref: StoreRef, newsroom: bool, personal: bool, as_json: bool) -> None:
    """List the words the spell checker accepts besides its dictionary."""
    from desk.wordlists import WordLists

    scope = _scope(newsroom) if newsroom != personal else None
    with ref.open(readonly=True) as store:
        entries = WordLists(store).entries(scope)
    if as_json:
        emit_json([e.to_dict() for e in entries])
        return
    for e in entries:
        click.echo(f"{e.scope:9} {e.language or 'any':4} {e.word}")


@words.command("add")
@click.argument("word_list", metavar="WORD...", nargs=-1, required=True)
@click.option("--newsroom", is_flag=True, help="Add to the newsroom's list (default: yours).")
@click.option("--language", default="", help="Only for stories in this language (e.g. en).")
@click.pass_obj
def words_add(ref: StoreRef, word_list: tuple[str, ...], newsroom: bool, language: str) -> None:
    """Add words (names, places, house spellings) the spell checker should accept."""
    from desk.wordlists import WordLists

    with ref.open() as store:
        lists = WordLists(store)
        for word in word_list:
            entry = lists.add(word, _scope(newsroom), language)
            click.echo(f"added to the {entry.scope} list: {entry.word}")


@words.command("remove")
@click.argument("word_list", metavar="WORD...", nargs=-1, required=True)
@click.option("--newsroom", is_flag=True, help="Remove from the newsroom's list.")
@click.pass_obj
def words_remove(ref: StoreRef, word_list: tuple[str, ...], newsroom: bool) -> None:
    """Remove words from a list."""
    from desk.errors import NotFound
    from desk.wordlists import WordLists

    with ref.open() as store:
        lists = WordLists(store)
        for word in word_list:
            if not lists.remove(word, _scope(newsroom)):
                raise NotFound(f"'{word}' is not in the {_scope(newsroom)} list.")
            click.echo(f"removed: {word}")
