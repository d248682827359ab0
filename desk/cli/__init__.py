"""The `desk` command line: thin click commands that parse, call the core and print.

Each command module registers itself on `main`; errors from the core become one sentence on
stderr with exit status 2 (bad usage or input) or 1 (a failed check).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from desk import __version__
from desk.errors import DeskError
from desk.paths import default_store_dir


class GivenPath(click.Path):
    """A path option or argument that refuses an empty one: Path('') is the current folder,
    so `--store ''` made it a store and `--out ''` wrote into it."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("is empty; give a folder", param, ctx)
        return super().convert(value, param, ctx)


class DeskGroup(click.Group):
    """A click group that turns DeskErrors and usage mistakes into one clear line on stderr."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; a usage mistake is one line naming the help to read."""
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "desk"
            click.echo(f"desk: {exc.format_message()} (see `{command} --help`)", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"desk: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("desk: stopped; nothing more was changed.", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module loaded first when it is not registered yet."""
        if cmd_name not in self.commands:
            load_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command (for --help and completion): all modules loaded."""
        load_commands()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DeskError as exc:
            click.echo(f"desk: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `desk list | head`: the reader went away; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)


@click.group(cls=DeskGroup, invoke_without_command=True)
@click.option(
    "--store",
    "store_dir",
    type=GivenPath(path_type=Path),
    help="The store folder (default: $DESK_STORE, else the user data folder).",
)
@click.version_option(version=__version__, prog_name="desk")
@click.pass_context
def main(ctx: click.Context, store_dir: Path | None) -> None:
    """Desk: write, caption, tag, check and export news stories, offline."""
    chosen = store_dir is not None or bool(os.environ.get("DESK_STORE"))
    ctx.obj = StoreRef(store_dir or default_store_dir(), chosen)
    if ctx.invoked_subcommand is None:
        window = main.get_command(ctx, "gui")  # registered by the program (desk.ui.launch)
        if window is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(window)


class StoreRef:
    """Which store the command works on; opens it lazily, read-only where that is enough.
    chosen: named by --store or $DESK_STORE (else the user's default store)."""

    def __init__(self, path: Path, chosen: bool = False) -> None:
        self.path = path
        self.chosen = chosen

    def open(self, readonly: bool = False):  # -> Store (imported lazily: keep `desk --help` fast)
        """Open the store. A reader of the default store makes it on first use; a reader of
        a store named where there is none says so (a mistyped --store made an empty store
        there, and listed nothing, as if the stories were gone)."""
        from desk.errors import NotFound
        from desk.store import DB_NAME, Store

        if readonly and (self.path / DB_NAME).exists():
            try:
                return Store.open(self.path, readonly=True)
            except DeskError:
                pass  # e.g. needs a migration first: try writing, which reports its own errors
        elif readonly and self.chosen and not self.path.is_file():  # a file: Store says so
            raise NotFound(
                f"There is no Desk store in {self.path}; check --store (or $DESK_STORE), "
                "or make one there with desk new or desk import."
            )
        return Store.open(self.path)

    def record_mark(self, article_id: int) -> None:
        """A reader's record_mark, when the store can be written at once; when a window or
        another command holds it, that one records it (a window checks every story whose
        mark is out of date)."""
        from desk.store import Store

        try:
            with Store.open(self.path, wait=0) as store:
                record_mark(store, article_id)
        except DeskError:
            pass


def record_mark(store: Any, article_id: int):  # -> checkstate.Mark | None
    """Record the story's check for the library and `desk list --check`; the command's work
    stands whatever happens here."""
    from desk import checkstate

    try:
        return checkstate.refresh(store, article_id)
    except DeskError:
        return None


def emit_json(data: object) -> None:
    """Print one JSON document on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def limit_option(default: int, what: str) -> Callable[[Any], Any]:
    """A command's --limit: at most this many (1 or more: -1 returned everything)."""
    return click.option(
        "--limit",
        default=default,
        show_default=True,
        type=click.IntRange(min=1),
        help=f"At most this many {what}.",
    )


def slug_column(slugs: list[str]) -> int:
    """The width of a table's slug column: its longest slug, never cut (every command takes
    the slug a table shows), at least as wide as a short one."""
    return column(slugs, 20)


def column(values: list[str], least: int = 0) -> int:
    """The width of a table's column: its longest value (never cut), at least least."""
    return max([least, *(len(v) for v in values)])


# Command modules register themselves on `main` when imported: the first time a command is
# looked up that is not registered yet (`desk` alone opens the window without loading them).
def load_commands() -> None:
    """Import every command module (each registers its commands on `main`); plain imports,
    so a freezer (PyInstaller) finds them."""
    from desk.cli import (  # noqa: F401
        articles,
        backup,
        config,
        desktop,
        edit,
        export,
        history,
        images,
        imports,
        publish,
        tags,
        writing,
    )
