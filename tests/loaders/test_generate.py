"""`catalog generate` writes a valid legacy catalog N times the bundled one, with its shape.

Row counts are compared with no tolerance: the generator gives every copy of the catalog the
bundled catalog's exact quotas (techniques per goal, tags, approaches and stages per technique,
category links, relationship pairs), and only chooses *which* rows join, so each table holds
exactly `scale` times its bundled rows whatever the seed (goals excepted: they do not multiply).
The shape tests allow 5% where a figure is an average over random draws.
"""

from __future__ import annotations

import io
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_cli.commands.generate import generate
from graph.keys import name_key
from loaders.generate import BUNDLED_CATALOG
from loaders.generated_file import write_generated_catalog
from loaders.legacy_file import LegacyFileError
from loaders.progress import Progress
from loaders.rows import TABLES
from support.commands import catalog

NAMED_TABLES = [table for table, (_, columns) in TABLES.items() if "name" in columns]


@pytest.fixture(scope="module")
def bundled() -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:")
    db.executescript(BUNDLED_CATALOG.read_text(encoding="utf-8"))
    yield db
    db.close()


def generated(folder: Path, scale: int, seed: int = 0) -> sqlite3.Connection:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"catalog-x{scale}-seed{seed}.db"
    if not path.exists():
        write_generated_catalog(path, scale, seed)
    return sqlite3.connect(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


def counts(db: sqlite3.Connection) -> dict[str, int]:
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def one(db: sqlite3.Connection, sql: str) -> float:
    return float(db.execute(sql).fetchone()[0])


@pytest.mark.parametrize("scale", [1, 3])
def test_every_table_but_goals_grows_exactly_with_the_scale(
    folder: Path, bundled: sqlite3.Connection, scale: int
) -> None:
    expected = {table: n * scale for table, n in counts(bundled).items()}
    expected["assurance_goal"] = counts(bundled)["assurance_goal"]
    assert counts(generated(folder, scale)) == expected


def test_the_goals_are_the_real_goals(folder: Path, bundled: sqlite3.Connection) -> None:
    query = "SELECT * FROM assurance_goal ORDER BY id"
    assert generated(folder, 3).execute(query).fetchall() == bundled.execute(query).fetchall()


@pytest.mark.parametrize("scale", [1, 3])
def test_every_foreign_key_resolves_and_the_file_is_sound(folder: Path, scale: int) -> None:
    db = generated(folder, scale)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("table", NAMED_TABLES)
def test_names_are_unique_case_insensitively(folder: Path, table: str) -> None:
    names = [name for (name,) in generated(folder, 3).execute(f"SELECT name FROM {table}")]
    assert len({name_key(name) for name in names}) == len(names)


def test_no_technique_is_related_to_itself(folder: Path) -> None:
    db = generated(folder, 3)
    sql = "SELECT count(*) FROM technique_relationship WHERE technique_from_id = technique_to_id"
    assert one(db, sql) == 0


def test_some_techniques_sit_in_a_category_of_another_goal(
    folder: Path, bundled: sqlite3.Connection
) -> None:
    cross_goal = (
        "SELECT count(*) FROM technique_category tc JOIN technique t ON t.id = tc.technique_id "
        "JOIN category c ON c.id = tc.category_id WHERE c.assurance_goal_id != t.assurance_goal_id"
    )
    assert one(generated(folder, 3), cross_goal) == 3 * one(bundled, cross_goal) > 0


def test_related_pairs_run_in_both_directions_as_often_as_in_the_bundled_catalog(
    folder: Path, bundled: sqlite3.Connection
) -> None:
    both = (
        "SELECT count(*) FROM technique_relationship a JOIN technique_relationship b "
        "ON a.technique_from_id = b.technique_to_id AND a.technique_to_id = b.technique_from_id"
    )
    assert one(generated(folder, 3), both) == 3 * one(bundled, both)


# Averages over random draws: equal to the bundled figure within 5%.
SHAPE = {
    "tags per technique": "SELECT avg(n) FROM (SELECT count(*) n FROM technique_tag "
    "GROUP BY technique_id)",
    "share of techniques with a scope": "SELECT avg(scope IS NOT NULL) FROM technique",
    "share of scopes on Explainability": "SELECT avg(g.name = 'Explainability') FROM technique t "
    "JOIN assurance_goal g ON g.id = t.assurance_goal_id WHERE t.scope IS NOT NULL",
    "share of approaches on Fairness": "SELECT avg(g.name = 'Fairness') "
    "FROM technique_fairness_approach x JOIN technique t ON t.id = x.technique_id "
    "JOIN assurance_goal g ON g.id = t.assurance_goal_id",
    "stages per technique": "SELECT avg(n) FROM (SELECT count(*) n "
    "FROM technique_project_lifecycle_stage GROUP BY technique_id)",
    "relationships per technique": "SELECT count(*) * 1.0 / (SELECT count(*) FROM technique) "
    "FROM technique_relationship",
}


@pytest.mark.parametrize("figure", sorted(SHAPE))
def test_the_shape_follows_the_bundled_catalog(
    folder: Path, bundled: sqlite3.Connection, figure: str
) -> None:
    assert one(generated(folder, 3), SHAPE[figure]) == pytest.approx(
        one(bundled, SHAPE[figure]), rel=0.05
    )


def test_tags_keep_the_real_families(folder: Path, bundled: sqlite3.Connection) -> None:
    def families(db: sqlite3.Connection) -> Counter[str]:
        return Counter(name.split("/")[0] for (name,) in db.execute("SELECT name FROM tag"))

    assert families(generated(folder, 3)) == Counter(
        {family: 3 * n for family, n in families(bundled).items()}
    )


def test_tag_links_spread_over_the_families_as_in_the_bundled_catalog(
    folder: Path, bundled: sqlite3.Connection
) -> None:
    def shares(db: sqlite3.Connection) -> dict[str, float]:
        links = Counter(
            name.split("/")[0]
            for (name,) in db.execute(
                "SELECT g.name FROM technique_tag x JOIN tag g ON g.id = x.tag_id"
            )
        )
        return {family: n / links.total() for family, n in links.items()}

    real = shares(bundled)
    assert shares(generated(folder, 3)) == pytest.approx(real, abs=0.03)


def test_the_same_seed_gives_the_same_database(tmp_path: Path) -> None:
    first, second = generated(tmp_path / "a", 2, seed=5), generated(tmp_path / "b", 2, seed=5)
    assert list(first.iterdump()) == list(second.iterdump())


def test_another_seed_gives_another_database(tmp_path: Path) -> None:
    first, second = generated(tmp_path, 2, seed=5), generated(tmp_path, 2, seed=6)
    assert list(first.iterdump()) != list(second.iterdump())


def test_the_command_prints_rows_per_table_and_the_total(
    tmp_path: Path, bundled: sqlite3.Connection
) -> None:
    result = catalog("generate", "--scale", "2", str(tmp_path / "out.db"))
    assert result.returncode == 0, result.stderr
    real = counts(bundled)
    assert f"technique_tag {2 * real['technique_tag']:,}" in " ".join(result.stdout.split())
    total = 2 * sum(real.values()) - real["assurance_goal"]
    assert f"total {total:,} rows in" in " ".join(result.stdout.split())


def test_the_command_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    out.write_text("precious")
    result = catalog("generate", "--scale", "1", str(out))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "--force" in result.stderr
    assert out.read_text() == "precious"


def test_the_command_replaces_the_file_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    out.write_text("old")
    result = catalog("generate", "--scale", "1", "--force", str(out))
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(out).execute("SELECT count(*) FROM technique").fetchone()[0] == 92


def test_scale_zero_is_a_usage_error(tmp_path: Path) -> None:
    result = catalog("generate", "--scale", "0", str(tmp_path / "out.db"))
    assert result.returncode == 2
    assert "--scale" in result.stderr
    assert not (tmp_path / "out.db").exists()


def test_the_command_in_process_refuses_an_existing_file_too(tmp_path: Path) -> None:
    (tmp_path / "out.db").write_text("precious")
    result = CliRunner().invoke(generate, ["--scale", "1", str(tmp_path / "out.db")])
    assert result.exit_code == 1
    assert isinstance(result.exception, LegacyFileError)


def test_the_command_has_help_with_an_example() -> None:
    result = catalog("generate", "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_in_a_log_is_one_summary_line() -> None:
    stream = io.StringIO()
    ticks = iter([0.0, 2.0])
    progress = Progress(100, "load", stream=stream, clock=lambda: next(ticks))
    progress.advance(40)
    progress.advance(60)
    progress.close()
    assert stream.getvalue() == "load: 100/100 rows (100.0%), 50 rows/s, 2.0 s\n"


def test_progress_on_a_terminal_redraws_one_line_in_place() -> None:
    stream = Terminal()
    ticks = iter([0.0, 1.0, 2.0, 2.0])
    progress = Progress(None, "load", stream=stream, clock=lambda: next(ticks))
    progress.advance(10)
    progress.advance(10)
    progress.close()
    lines = stream.getvalue()
    assert lines.count("\r") == 3
    assert lines.endswith("load: 20 rows, 10 rows/s, 2.0 s\x1b[K\n")


def test_the_live_line_shows_an_eta_from_the_rate_so_far() -> None:
    stream = Terminal()
    ticks = iter([0.0, 1.0, 2.0, 3.0])
    progress = Progress(10_000, "load", stream=stream, clock=lambda: next(ticks))
    progress.advance(2_500)
    progress.advance(2_500)
    assert "load: 5,000/10,000 rows (50.0%), 2,500 rows/s, 2.0 s, ETA 2.0 s" in stream.getvalue()
    progress.close()
