"""The docs stay true: every link, command, option and path they show exists, and their examples run."""

from __future__ import annotations

import argparse
import glob
import importlib
import importlib.util
import re
import shlex
from functools import cache
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.cli import COMMAND_MODULES
from dashboard.cli.query_check import check_spec
from dashboard.engine.runner import Runner
from dashboard.query.folders import load_folder_defaults
from dashboard.query.registry import load_registry
from dashboard.query.sqlfile import parse_query_file

README = REPO_ROOT / "README.md"
DOCS = REPO_ROOT / "docs"
PAGES = [README, *sorted(DOCS.rglob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`]+)`")
SHELL = {"sh", "bash", "shell", "console"}
# A path written from the repo root, or from inside dashboard/ or queries/ as the docs often do.
PATH_ROOTS = ("dashboard", "queries", "tests", "benchmarks", "data", "deploy", "briefings", "docs")
FILE_ENDINGS = (".py", ".sql", ".yaml", ".toml", ".md", ".csv", ".conf", ".png", ".jpg", ".json", "/")
PLACEHOLDER = re.compile(r"^(<.*|…|\.\.\.|[A-Z][A-Z_]*)$")


def _text(page: Path) -> str:
    """The page's Markdown."""
    return page.read_text(encoding="utf-8")


def _prose(text: str) -> str:
    """The page without fenced blocks, where links and code spans are read."""
    return FENCE.sub("", text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: its shown text lowercased, punctuation dropped, spaces as hyphens."""
    shown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").replace("*", "")
    return re.sub(r"[^\w\- ]", "", shown.strip().lower()).replace(" ", "-")


@cache
def _anchors(page: Path) -> frozenset[str]:
    """Every heading anchor of a page, repeated headings numbered as GitHub numbers them."""
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", _prose(_text(page)), re.M):
        slug = _slug(heading)
        anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return frozenset(anchors)


def _links(page: Path) -> list[str]:
    """The relative link targets of a page (web and mail links left out)."""
    prose = CODE_SPAN.sub("", _prose(_text(page)))
    return [t for t in LINK.findall(prose) if not re.match(r"[a-z]+:", t)]


def _resolve(page: Path, target: str) -> tuple[Path, str]:
    """The file a link points to and its anchor ('' for none)."""
    path, _, anchor = target.partition("#")
    return ((page.parent / path).resolve() if path else page), anchor


def _commands(page: Path) -> list[str]:
    """Every command the page shows: shell block lines (joined across a trailing backslash) and code spans."""
    text = _text(page)
    found = [" ".join(span.split()) for span in CODE_SPAN.findall(_prose(text))]
    for lang, body in FENCE.findall(text):
        if lang in SHELL:
            for line in body.replace("\\\n", " ").splitlines():
                found += [part.strip() for part in re.split(r";|&&", re.sub(r"\s#.*$", "", line))]
    return [c for c in found if c]


def _words(command: str) -> list[str]:
    """A command's words, quotes read as a shell reads them and the brackets of optional parts dropped."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    return [w.strip("[]") for w in words if w.strip("[]")]


@cache
def _cli() -> argparse.ArgumentParser:
    """The parser of `python -m dashboard`, built as the CLI builds it."""
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """A parser's sub-commands by name (none when it has none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _cli_problem(words: list[str]) -> str | None:
    """What in `python -m dashboard <words>` does not exist: a sub-command, or an option of the one named."""
    parser, named = _cli(), "python -m dashboard"
    words = list(words)
    while words and _choices(parser) and not words[0].startswith("-"):
        word = words.pop(0)
        if PLACEHOLDER.match(word):
            return None
        if word not in _choices(parser):
            return f"{named}: no sub-command {word!r}"
        parser, named = _choices(parser)[word], f"{named} {word}"
    for word in words:
        option = word.split("=")[0]
        # `run` passes Streamlit's dotted options (--server.port) through.
        if option.startswith("--") and "." not in option and option not in parser._option_string_actions:
            return f"{named}: no option {option}"
    return None


def _command_problem(command: str) -> str | None:
    """What a shown `make` or `python -m` command names that does not exist."""
    make = re.match(r"make\s+([\w.-]+)", command)
    if make and make.group(1) not in _make_targets():
        return f"no make target {make.group(1)!r}"
    module = re.search(r"python\d*(?:\.\d+)? -m ([\w.]+)(.*)", command)
    if not module:
        return None
    if importlib.util.find_spec(module.group(1)) is None:
        return f"no module {module.group(1)}"
    return _cli_problem(_words(module.group(2))) if module.group(1) == "dashboard" else None


@cache
def _make_targets() -> frozenset[str]:
    """The Makefile's targets."""
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^([\w.-]+):", makefile, re.M))


def _path_candidates(span: str) -> list[str]:
    """Glob patterns a code span may name in the repo, from the root or from dashboard/ or queries/."""
    path = span.split(":")[0].removeprefix("../")
    if " " in path or "/" not in path or (not path.endswith(FILE_ENDINGS) and "*" not in path):
        return []
    pattern = re.sub(r"<[^>]*>", "*", path)
    braces = re.search(r"\{([^}]*)\}", pattern)
    patterns = [pattern[:braces.start()] + alt + pattern[braces.end():] for alt in braces.group(1).split(",")] \
        if braces else [pattern]
    first = path.split("/")[0]
    if not first or first.startswith("."):
        return []
    if first in PATH_ROOTS:
        return patterns
    return [f"{root}/{p}" for root in ("dashboard", "queries") for p in patterns if (REPO_ROOT / root / first).is_dir()]


def _path_problem(span: str) -> str | None:
    """What a path in a code span names that is not in the repo (a `file.py:Name` must also hold Name)."""
    candidates = _path_candidates(span)
    if not candidates:
        return None
    # A brace pattern names every alternative, so each must exist; the other candidates are alternatives.
    braced = "{" in span
    hits = [glob.glob(str(REPO_ROOT / c), recursive=True) for c in candidates]
    if (braced and not all(hits)) or not any(hits):
        return f"no such path {span}"
    name = span.partition(":")[2]
    if name and not any(name in Path(f).read_text(encoding="utf-8") for found in hits for f in found):
        return f"{span}: {name} is not in the file"
    return None


def _module_problem(span: str) -> str | None:
    """What a dotted `dashboard.` name in a code span names that does not exist."""
    parts = span.split(".")
    for end in range(len(parts), 0, -1):
        module_name = ".".join(parts[:end])
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            obj = importlib.import_module(module_name)
            for attribute in parts[end:]:
                if not hasattr(obj, attribute):
                    return f"no {attribute} in {module_name}"
                obj = getattr(obj, attribute)
            return None
    return f"no module {span}"


def test_query_file_example_parses_and_runs(fixture_settings: Settings, tmp_path: Path) -> None:
    example = re.search(r"```sql\n(/\*---.*?)```", _text(DOCS / "analysts" / "query-files.md"), re.S)
    assert example, "the query-files page has a query-file example"
    path = tmp_path / "voice" / "demands.sql"
    path.parent.mkdir()
    path.write_text(example.group(1), encoding="utf-8")
    spec = parse_query_file(path, tmp_path, load_folder_defaults(REPO_ROOT / "queries").for_query("voice/demands"))
    assert check_spec(spec, Runner(fixture_settings)) is None


def test_every_setting_is_in_the_configuration_table() -> None:
    source = (REPO_ROOT / "dashboard" / "base" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"(DASHBOARD_[A-Z_]+)"', source))
    assert names, "settings read environment variables"
    table = set(re.findall(r"^\| `(DASHBOARD_[A-Z_]+)` \|", _text(DOCS / "operators.md"), re.M))
    assert sorted(names - table) == []


def test_every_query_file_describes_itself_in_both_languages() -> None:
    registry = load_registry(REPO_ROOT / "queries")
    assert not registry.errors
    undocumented = [qid for qid, spec in registry.specs.items() if set(spec.description) != {"zh", "en"}]
    assert undocumented == []


def test_readme_is_short_and_shows_the_overview() -> None:
    assert len(_text(README).splitlines()) <= 150
    assert "](docs/img/overview.png)" in _text(README)
    assert (DOCS / "img" / "overview.png").stat().st_size < 300_000


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_relative_link_resolves_to_a_file_and_anchor(page: Path) -> None:
    broken = []
    for target in _links(page):
        path, anchor = _resolve(page, target)
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in _anchors(path)):
            broken.append(target)
    assert broken == []


def test_every_docs_page_is_reached_from_the_readme() -> None:
    reached, todo = {README.resolve()}, [README]
    while todo:
        page = todo.pop()
        for target in _links(page):
            path, _ = _resolve(page, target)
            if path.suffix == ".md" and path.exists() and path not in reached:
                reached.add(path)
                todo.append(path)
    assert sorted(str(p.relative_to(REPO_ROOT)) for p in PAGES if p.resolve() not in reached) == []
    deploy = REPO_ROOT / "deploy" / "README.md"
    assert not deploy.exists() or deploy.resolve() in reached


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_command_shown_exists(page: Path) -> None:
    problems = [f"{command}: {problem}" for command in _commands(page) if (problem := _command_problem(command))]
    assert problems == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_path_and_module_shown_exists(page: Path) -> None:
    spans = {" ".join(s.split()) for s in CODE_SPAN.findall(_prose(_text(page)))}
    problems = [p for s in sorted(spans) if (p := _path_problem(s))]
    problems += [p for s in sorted(spans) if re.fullmatch(r"dashboard(\.\w+)+", s) and (p := _module_problem(s))]
    assert problems == []
