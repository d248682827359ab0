"""The command line end to end on a temp store: in-process with CliRunner and as a real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from desk.store import DB_NAME, Store

from desk.ui.launch import cli as main

DESK = Path(sys.executable).parent / "desk"


def desk_command() -> list[str]:
    """The installed `desk` script, else `python -m desk`."""
    return [str(DESK)] if DESK.exists() else [sys.executable, "-m", "desk"]


def run(store_dir: Path, *args: str, input: str | None = None):
    """Invoke the CLI in-process on store_dir; stdout and stderr kept apart."""
    return CliRunner().invoke(main, ["--store", str(store_dir), *args], input=input)


def one_line_error(result) -> str:
    """The single stderr line of a failed command."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("desk: ")
    return lines[0]


def test_new_list_search_show(store_dir):
    made = run(
        store_dir,
        "new",
        "--headline",
        "Çavuşoğlu meets Blinken",
        "--author",
        "Ayşe Yılmaz",
        "--author",
        "John Smith",
        "--section",
        "World",
        "--status",
        "Editing",
        "--body",
        "The talks in Ankara went on late.",
    )
    assert made.exit_code == 0, made.stderr
    assert made.stdout == "cavusoglu-meets-blinken\n"

    listed = run(store_dir, "list", "--json")
    assert listed.exit_code == 0
    [row] = json.loads(listed.stdout)
    assert row["slug"] == "cavusoglu-meets-blinken"
    assert row["status"] == "editing"
    assert row["word_count"] == 7

    found = run(store_dir, "search", "cavusoglu", "--json")
    assert [h["slug"] for h in json.loads(found.stdout)] == ["cavusoglu-meets-blinken"]
    text = run(store_dir, "search", "ankara")
    assert "cavusoglu-meets-blinken" in text.stdout
    assert "**Ankara**" in text.stdout

    shown = run(store_dir, "show", "cavusoglu-meets-blinken", "--json")
    doc = json.loads(shown.stdout)
    assert doc["headline"] == "Çavuşoğlu meets Blinken"
    assert doc["authors"] == ["Ayşe Yılmaz", "John Smith"]
    assert doc["body_md"] == "The talks in Ankara went on late."
    assert doc["created"].endswith("Z")

    plain = run(store_dir, "show", "cavusoglu-meets-blinken")
    assert "Çavuşoğlu meets Blinken" in plain.stdout
    assert "Ayşe Yılmaz, John Smith" in plain.stdout
    assert "The talks in Ankara went on late." in plain.stdout


def test_body_from_stdin_and_from_file(store_dir, tmp_path):
    piped = run(store_dir, "new", "--headline", "A", "--body", "-", input="from stdin\n")
    assert piped.exit_code == 0
    body_file = tmp_path / "body.md"
    body_file.write_text("from *a* file", encoding="utf-8")
    assert run(store_dir, "new", "--headline", "B", "--body-file", str(body_file)).exit_code == 0
    with Store.open(store_dir, readonly=True) as store:
        assert store.articles.get("a").body_md == "from stdin\n"
        assert store.articles.get("b").body_md == "from *a* file"


def test_list_filters_and_plain_output(store_dir):
    run(store_dir, "new", "--headline", "Draft one")
    run(
        store_dir,
        *("new", "--headline", "Ready one", "--status", "ready", "--section", "Sport"),
        *("--body", "A story that passes the checks."),  # ready: the checks run first
    )
    ready = json.loads(run(store_dir, "list", "--status", "ready", "--json").stdout)
    assert [r["slug"] for r in ready] == ["ready-one"]
    sport = json.loads(run(store_dir, "list", "--section", "sport", "--json").stdout)
    assert [r["slug"] for r in sport] == ["ready-one"]
    plain = run(store_dir, "list").stdout.splitlines()
    assert len(plain) == 2
    assert plain[0].startswith("ready-one")


def test_a_long_slug_is_listed_whole_and_works_as_listed(store_dir):
    """Every command takes the slug `desk list` shows: a table never cuts it."""
    headline = "Thousands walk the Danube as Budapest's summer festival opens at dusk"
    run(store_dir, "new", "--headline", headline)
    run(store_dir, "new", "--headline", "Short")
    slugs = [r["slug"] for r in json.loads(run(store_dir, "list", "--json").stdout)]
    rows = run(store_dir, "list").stdout.splitlines()
    listed = [row.split()[0] for row in rows]
    assert listed == slugs
    assert len(slugs[1]) > 40
    assert run(store_dir, "show", listed[1]).exit_code == 0
    assert [r.index("draft") for r in rows] == [rows[0].index("draft")] * 2  # one column


def test_show_gives_the_storys_notes_as_text_too(store_dir):
    """Notes (the desk's, or a wire's "Eds:" lines kept on import) were only in --json."""
    run(store_dir, "new", "--headline", "Talks", "--body", "Text.")
    assert (
        run(
            store_dir, "edit", "talks", "--notes", "Call back the ministry.\nEds: embargoed"
        ).exit_code
        == 0
    )
    shown = run(store_dir, "show", "talks").stdout
    assert "notes:\n  Call back the ministry.\n  Eds: embargoed\n" in shown
    assert shown.rstrip().endswith("Text.")


def test_a_slug_the_user_chose_is_refused_when_taken_or_too_long(store_dir):
    """`desk new --slug` numbered a taken slug ('…-2') and cut a long one at 60 characters
    without a word, while `desk edit --slug` refused the same slug."""
    assert run(store_dir, "new", "--headline", "Bridge", "--slug", "bridge-vote").exit_code == 0
    taken = run(store_dir, "new", "--headline", "Other", "--slug", "bridge-vote")
    assert taken.exit_code == 2
    assert "Another story already has the slug 'bridge-vote'" in one_line_error(taken)
    long = run(store_dir, "new", "--headline", "Long", "--slug", "word-" * 20)
    assert long.exit_code == 2
    assert "A slug is at most 60 characters and this one has 99" in one_line_error(long)
    assert run(store_dir, "new", "--headline", "Long", "--slug", "word-" * 12).exit_code == 0
    too_long = run(store_dir, "edit", "bridge-vote", "--slug", "word-" * 20)
    assert too_long.exit_code == 2
    slugs = [r["slug"] for r in json.loads(run(store_dir, "list", "--json").stdout)]
    assert sorted(slugs) == ["bridge-vote", ("word-" * 12).strip("-")]
    assert run(store_dir, "new", "--headline", "Bridge vote").stdout == "bridge-vote-2\n"  # made


def test_desk_new_and_desk_check_record_the_mark_desk_list_filters_on(store_dir):
    """`desk list --check` listed a story `desk check` had just found blocked as not checked
    yet, and so were stories made with `desk new` (only `desk edit` recorded a mark)."""
    assert run(store_dir, "new", "--headline", "Empty").exit_code == 0  # no text: blocked
    with Store.open(store_dir) as store:
        made = store.articles.create(headline="Made elsewhere", body_md="Text.")
    unchecked = run(store_dir, "list", "--check", "unchecked", "--json").stdout
    assert [r["slug"] for r in json.loads(unchecked)] == [made.slug]
    assert run(store_dir, "check", made.slug).exit_code in (0, 1)
    assert json.loads(run(store_dir, "list", "--check", "unchecked", "--json").stdout) == []
    blocked = run(store_dir, "list", "--check", "blocked", "--json").stdout
    assert [r["slug"] for r in json.loads(blocked)] == ["empty"]
    with Store.open(store_dir, window=True):  # a window holds the store: checking still works
        assert run(store_dir, "check", "empty").exit_code == 1


def test_empty_store_lists_nothing(store_dir):
    Store.open(store_dir).close()
    assert json.loads(run(store_dir, "list", "--json").stdout) == []
    assert json.loads(run(store_dir, "search", "anything", "--json").stdout) == []


def test_missing_story_exits_2_with_one_line(store_dir):
    run(store_dir, "new", "--headline", "x")
    result = run(store_dir, "show", "nope")
    assert result.exit_code == 2
    assert "no story 'nope'" in one_line_error(result)
    assert result.stdout == ""


def test_bad_status_exits_2_with_one_line_and_creates_nothing(store_dir):
    result = run(store_dir, "new", "--headline", "x", "--status", "lost")
    assert result.exit_code == 2
    assert "'lost' is not a story status" in one_line_error(result)
    assert not store_dir.exists()
    Store.open(store_dir).close()
    for command in (["list"], ["search", "x"]):
        bad = run(store_dir, *command, "--status", "nope")
        assert bad.exit_code == 2
        assert "not a story status" in one_line_error(bad)


def test_hostile_search_query_is_not_an_error(store_dir):
    run(store_dir, "new", "--headline", "x")
    for query in ['"', "NOT", "(", "*", "-", ":", "NEAR", ""]:
        result = run(store_dir, "search", query, "--json")
        assert result.exit_code == 0, (query, result.stderr)
        assert json.loads(result.stdout) == []


def test_a_store_named_where_there_is_none_is_not_made_by_a_reader(tmp_path, monkeypatch):
    """A mistyped --store (or $DESK_STORE) made an empty store there and listed nothing, as if
    the stories were gone; `--store ""` made the current folder a store."""
    missing = tmp_path / "mistyped" / "store"
    for command in (["list"], ["search", "x"], ["show", "x"], ["check", "x"], ["tags"]):
        result = run(missing, *command)
        assert result.exit_code == 2, command
        assert f"There is no Desk store in {missing}; check --store" in one_line_error(result)
    assert not (tmp_path / "mistyped").exists()
    monkeypatch.chdir(tmp_path)
    empty = CliRunner().invoke(main, ["--store", "", "list"])
    assert empty.exit_code == 2
    assert "Invalid value for '--store': is empty" in empty.stderr
    assert list(tmp_path.iterdir()) == []
    assert run(missing, "new", "--headline", "First").exit_code == 0  # a writer makes it
    assert run(missing, "list").exit_code == 0


def test_store_path_that_is_a_file_is_one_clear_line(tmp_path):
    path = tmp_path / "file"
    path.write_bytes(b"keep")
    result = run(path, "list")
    assert result.exit_code == 2
    assert "is a file" in one_line_error(result)
    assert path.read_bytes() == b"keep"


def test_duplicate_headline_gets_next_slug(store_dir):
    assert run(store_dir, "new", "--headline", "Same").stdout == "same\n"
    assert run(store_dir, "new", "--headline", "Same").stdout == "same-2\n"
    assert run(store_dir, "new", "--headline", "!!!").stdout == "untitled\n"


def test_desk_store_environment_variable(tmp_path, monkeypatch):
    env_store = tmp_path / "env-store"
    monkeypatch.setenv("DESK_STORE", str(env_store))
    result = CliRunner().invoke(main, ["new", "--headline", "Via env"])
    assert result.exit_code == 0, result.stderr
    with Store.open(env_store, readonly=True) as store:
        assert store.articles.get("via-env").headline == "Via env"
    # --store wins over $DESK_STORE.
    other = tmp_path / "other"
    CliRunner().invoke(main, ["--store", str(other), "new", "--headline", "Via flag"])
    with Store.open(other, readonly=True) as store:
        assert [a.slug for a in store.articles.all()] == ["via-flag"]
    with Store.open(env_store, readonly=True) as store:
        assert store.articles.count() == 1


def test_writer_refused_while_another_holds_the_store(store_dir):
    with Store.open(store_dir, window=True) as holder:
        holder.articles.create(headline="Held")
        result = run(store_dir, "new", "--headline", "Second")
        assert result.exit_code == 2
        line = one_line_error(result)
        assert "already open" in line
        assert f"process {os.getpid()}" in line
        # Readers still work alongside the writer.
        listed = run(store_dir, "list", "--json")
        assert listed.exit_code == 0
        assert [r["slug"] for r in json.loads(listed.stdout)] == ["held"]


def test_help_lists_every_story_command():
    result = CliRunner().invoke(main, ["--help"])
    for command in ("new", "list", "show", "search", "gui"):
        assert f"  {command} " in result.stdout


# -- real processes --------------------------------------------------------------------------


def desk(store_dir: Path | None, *args: str, env: dict | None = None, input: str | None = None):
    """Run the real `desk` program."""
    prefix = ["--store", str(store_dir)] if store_dir else []
    return subprocess.run(
        [*desk_command(), *prefix, *args],
        capture_output=True,
        text=True,
        input=input,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_real_program_end_to_end(tmp_path):
    store_dir = tmp_path / "real"
    made = desk(store_dir, "new", "--headline", "İstanbul votes", "--body", "-", input="Polls open")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "istanbul-votes"
    assert (store_dir / DB_NAME).is_file()

    listed = desk(store_dir, "list", "--json")
    assert [r["slug"] for r in json.loads(listed.stdout)] == ["istanbul-votes"]

    found = desk(None, "search", "istanbul", "--json", env={"DESK_STORE": str(store_dir)})
    assert found.returncode == 0, found.stderr
    assert [h["slug"] for h in json.loads(found.stdout)] == ["istanbul-votes"]

    shown = desk(store_dir, "show", "istanbul-votes", "--json")
    assert json.loads(shown.stdout)["body_md"] == "Polls open"

    missing = desk(store_dir, "show", "nope")
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1
    assert missing.stderr.startswith("desk: There is no story 'nope'")
    assert "Traceback" not in missing.stderr

    bad = desk(store_dir, "new", "--status", "lost")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "not a story status" in bad.stderr


HOLDING_COMMAND = """
import sys
from desk.store import Store
with Store.open(sys.argv[1]) as s:  # as a command holds it (an import, a site export)
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_a_command_waits_for_another_command_instead_of_failing(store_dir):
    """Six `desk new` at once in a shell loop: each waits its turn (two failed, told to close
    a window that did not exist)."""
    Store.open(store_dir).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDING_COMMAND, str(store_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "holding"
    writer = subprocess.Popen(
        [sys.executable, "-m", "desk", "--store", str(store_dir), "new", "--headline", "Later"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    holder.communicate("\n", timeout=30)  # the first command finishes
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert out.strip() == "later"


def test_real_program_refused_while_the_store_is_held(store_dir):
    with Store.open(store_dir, window=True):
        result = desk(store_dir, "new", "--headline", "Second")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"already open on this store (process {os.getpid()})" in result.stderr


@pytest.mark.parametrize("garbage", [b"\x00\x01 not sqlite " * 100, b"SQLite format 2\x00 old"])
def test_real_program_on_a_database_that_is_not_sqlite(store_dir, garbage):
    store_dir.mkdir()
    (store_dir / DB_NAME).write_bytes(garbage)
    result = desk(store_dir, "list")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "not a Desk database" in result.stderr
    assert (store_dir / DB_NAME).read_bytes() == garbage


def test_body_that_is_not_utf8_is_one_clear_line(store_dir, tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("café".encode("latin-1"))
    from_file = run(store_dir, "new", "--body-file", str(latin))
    assert from_file.exit_code == 2
    assert "is not UTF-8 text" in one_line_error(from_file)
    from_stdin = CliRunner().invoke(
        main, ["--store", str(store_dir), "new", "--body", "-"], input="café".encode("latin-1")
    )
    assert from_stdin.exit_code == 2
    assert "standard input is not UTF-8" in one_line_error(from_stdin)
    bom = run(store_dir, "new", "--headline", "Bom", "--body", "-", input="\ufeffcafé")
    assert bom.exit_code == 0
    with Store.open(store_dir, readonly=True) as store:
        assert [a.slug for a in store.articles.all()] == ["bom"]
        assert store.articles.get("bom").body_md == "café"
