"""Every `catalog` command the docs show in a ```bash or ```console block is one the CLI takes.

Each is parsed by the CLI itself (its subcommand, options, arguments and their types, as
`catalog <subcommand> --help` lists them), so a renamed option or a missing argument in the
docs fails here. The cheap read-only ones (`catalog status`) also run against the test Neo4j.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from catalog_cli.main import cli
from support.commands import catalog

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\s*$")
ENV_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")
# Shell syntax that ends the command's own words: pipes, lists, redirections.
SHELL_END = re.compile(r"^(\||\|\||&&|;|&|\d?>>?|<)")
RUNS_CATALOG = re.compile(r"(^|[\s/])catalog\s")
# Run for real: quick, read-only, and need nothing but the test Neo4j.
CHEAP = {"status"}


@dataclass(frozen=True)
class DocCommand:
    where: str  # file:line
    env: dict[str, str]
    args: list[str]  # after `catalog`
    output: list[str]  # a console block's lines after the command, up to the next prompt


def doc_commands(path: Path, root: Path = ROOT) -> list[DocCommand]:
    """The `catalog` commands in a Markdown file's ```bash and ```console blocks."""
    found: list[DocCommand] = []
    language: str | None = None
    lines = path.read_text("utf-8").splitlines()
    continued = ""
    for number, line in enumerate(lines, 1):
        fence = FENCE.match(line.strip())
        if fence:
            language = None if language is not None else fence.group(1)
            continue
        if language not in ("bash", "console"):
            continue
        text = continued + line.strip()
        if text.endswith("\\"):  # a shell line continued on the next
            continued = text[:-1] + " "
            continue
        continued = ""
        if language == "console":
            if not text.startswith("$ "):
                continue
            text = text[2:]
        if not RUNS_CATALOG.search(text):
            continue
        command = parse_command(text)
        if command is None:
            continue
        env, args = command
        output = []
        if language == "console":
            for following in lines[number:]:
                if following.startswith(("$ ", "```")):
                    break
                output.append(following)
        found.append(DocCommand(f"{path.relative_to(root)}:{number}", env, args, output))
    return found


def parse_command(text: str) -> tuple[dict[str, str], list[str]] | None:
    """(environment assignments, arguments) of a shell line running `catalog`, else None."""
    words = shlex.split(text, comments=True)
    env = {}
    while words and ENV_ASSIGNMENT.match(words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if not words or Path(words[0]).name != "catalog":
        return None
    args = []
    for word in words[1:]:
        if SHELL_END.match(word):
            break
        args.append(word)
    return env, args


def check_parses(args: list[str]) -> None:
    """Parse `catalog ARGS` with the CLI's own parser, down to the last subcommand."""
    command: click.Command = cli
    name, parent, words = "catalog", None, list(args)
    while isinstance(command, click.Group):
        context = click.Context(command, info_name=name, parent=parent)
        # A group's own options, then its subcommand's name and words, as Command parses them.
        rest = click.Command.parse_args(command, context, words)
        if not rest:
            raise click.UsageError(f"`{context.command_path}` needs a subcommand", context)
        found_name, found, words = command.resolve_command(context, rest)
        assert found is not None and found_name is not None
        name, parent, command = found_name, context, found
    command.make_context(name, words, parent=parent)


ALL = [command for path in DOCS for command in doc_commands(path)]


def test_the_docs_show_the_commands_the_operators_need() -> None:
    shown = {command.args[0] for command in ALL if command.args}
    assert {"status", "migrate", "validate", "backup", "serve", "token"} <= shown


def names_a_missing_file(exc: click.ClickException) -> bool:
    """A path argument naming a file of the reader's own (a manifest, a backup) that is not in
    this checkout: the command is right, the file is theirs."""
    return (
        isinstance(exc, click.BadParameter)
        and exc.param is not None
        and isinstance(exc.param.type, click.Path)
        and "does not exist" in exc.format_message()
    )


@pytest.mark.parametrize("command", ALL, ids=[c.where for c in ALL])
def test_a_documented_command_parses(command: DocCommand, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the docs' relative paths are the repository's
    try:
        check_parses(command.args)
    except click.ClickException as exc:
        if not names_a_missing_file(exc):
            pytest.fail(
                f"{command.where}: `catalog {shlex.join(command.args)}`: {exc.format_message()}"
            )


RUNNABLE = [c for c in ALL if c.args and c.args[0] in CHEAP]


@pytest.mark.parametrize("command", RUNNABLE, ids=[c.where for c in RUNNABLE])
def test_a_documented_read_only_command_runs_as_shown(command: DocCommand, graph: object) -> None:
    ran = catalog(*command.args, env=command.env)
    shown = [line for line in command.output if line.strip()]
    failed = any(line.startswith("catalog: error:") for line in shown)
    assert ran.returncode == (1 if failed else 0), ran.stderr
    printed = (ran.stdout + ran.stderr).splitlines()
    # Values differ per machine; each line's label (before the first colon) must be there.
    for line in shown:
        label = line.split(":", 1)[0] + ":"
        assert any(p.startswith(label) for p in printed), (command.where, line, printed)


@pytest.mark.parametrize(
    "line",
    [
        "catalog migrate --source legacy.db",  # no such option
        "catalog validate",  # SOURCE missing
        "catalog backup",  # PATH missing
        "catalog migrat data/catalog-2025-07.db",  # no such subcommand
        "catalog token create --role owner",  # not a role
    ],
)
def test_a_wrong_command_is_caught(line: str) -> None:
    parsed = parse_command(line)
    assert parsed is not None
    with pytest.raises(click.UsageError):
        check_parses(parsed[1])


def test_the_extractor_finds_commands_after_prompts_assignments_and_before_redirections(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "```console\n$ NEO4J_PASSWORD=x .venv/bin/catalog status\nnodes: 1\n```\n"
        "```bash\ncatalog token create --role editor 2>> tokens  # comment\ncurl x\n```\n"
        "```text\ncatalog ignored\n```\n"
    )
    found = doc_commands(doc, root=tmp_path)
    assert [(c.env, c.args, c.output) for c in found] == [
        ({"NEO4J_PASSWORD": "x"}, ["status"], ["nodes: 1"]),
        ({}, ["token", "create", "--role", "editor"], []),
    ]
