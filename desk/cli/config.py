"""Settings commands: desk config get/set/unset/list (the same keys as Preferences)."""

from __future__ import annotations

import click

from desk.cli import emit_json, main


@main.group("config", invoke_without_command=True)
@click.pass_context
def config_(ctx: click.Context) -> None:
    """Read and change settings (config.toml); `desk config list` shows every key."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_)


@config_.command("get")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the value as JSON.")
def get(key: str, as_json: bool) -> None:
    """Print one setting's value (its default when the file does not set it)."""
    from desk import settings

    item = settings.setting(key)
    value = settings.current(item.key)
    if as_json:
        emit_json(value)
    else:
        click.echo(settings.format_value(item, value))


@config_.command("set")
@click.argument("key")
@click.argument("value")
def set_(key: str, value: str) -> None:
    """Change one setting (lists are separated by commas: "World, Politics")."""
    from desk import settings

    item = settings.setting(key)
    saved = settings.set_text(item.key, value)
    click.echo(f"{item.key} = {settings.format_value(item, saved)}")


@config_.command("unset")
@click.argument("key")
def unset(key: str) -> None:
    """Remove a setting from the file, so it has its default again."""
    from desk import settings

    item = settings.setting(key)
    settings.save({item.key: None})
    click.echo(f"{item.key} = {settings.format_value(item, item.default)} (default)")


@config_.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print every key and value as JSON.")
def list_(as_json: bool) -> None:
    """Every setting with its value and what it does; the file's path first."""
    from desk import config, settings

    data = config.read_config()
    values = settings.current_values(data)
    if as_json:
        emit_json(values)
        return
    click.echo(f"# {config.config_path()}")
    for key, item in settings.REGISTRY.items():
        mark = "" if settings.stored(key, data) else "  (default)"
        click.echo(f"{key} = {settings.format_value(item, values[key])}{mark}")
        click.echo(f"    {item.help}")
