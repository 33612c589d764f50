"""Synthetic legacy catalogs N times the bundled one, for tests and benchmarks.

The bundled catalog is the template: `load_profile` reads its shape (goals, the names of its
categories, subcategories, tags, fairness approaches and lifecycle stages, and per technique
its goal, scope, category and subcategory links and how many tags, approaches and stages it
carries), and `generate_rows` yields `scale` copies of it. Each copy reshuffles which
technique gets which template and deals the tags, approaches and stages afresh from a deck
holding each one as often as the real catalog uses it; relationships join techniques a short
distance apart, across copies too, so the graph is one web rather than `scale` islands.

Per-copy quotas make every table exactly `scale` times its bundled size (goals excepted: the
seven real goals serve every copy), so benchmarks compare like with like across seeds. Names
get ` #k` in copy k ≥ 2, which keeps them unique case-insensitively. Rows come out a copy at
a time (1,417 rows), so memory stays flat whatever the scale. The data is clean: messy
sources (dangling keys, duplicate names, NULLs) are the loader tests' business.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, cast

from loaders.rows import (
    TABLES,
    CategoryRow,
    GoalRow,
    LinkRow,
    NamedRow,
    RelationshipRow,
    SubCategoryRow,
    TagRow,
    TechniqueRow,
)

BUNDLED_CATALOG = Path(__file__).resolve().parents[1] / "data" / "catalog-2025-07.sql"
# Relationships join a technique to others at most this many ids further on.
RELATED_WINDOW = 20

Batch = tuple[str, list[NamedTuple]]


@dataclass(frozen=True)
class TechniqueTemplate:
    """One real technique's shape; category links are positions in the profile's categories."""

    row: TechniqueRow
    categories: tuple[int, ...]
    sub_categories: tuple[int, ...]
    tags: int
    fairness_approaches: int
    lifecycle_stages: int


@dataclass(frozen=True)
class Pool:
    """Names one copy draws from, with how many links the real catalog gives each."""

    names: tuple[str, ...]
    uses: tuple[int, ...]

    def deal(self, rng: random.Random, fanouts: Sequence[int]) -> list[list[int]]:
        """A hand of distinct positions per fan-out, from a shuffled deck holding each name
        as often as the real catalog uses it: every name keeps its real popularity."""
        deck = [p for p, n in enumerate(self.uses) for _ in range(n)]
        rng.shuffle(deck)
        hands = []
        for k in fanouts:
            hand: set[int] = set()
            repeats = []
            while len(hand) < k and deck:
                p = deck.pop()
                if p in hand:
                    repeats.append(p)
                else:
                    hand.add(p)
            deck.extend(repeats)  # dealt first to the next hand
            # Only when the deck's last cards repeat a hand: top it up with any other names.
            spare = [p for p in range(len(self.names)) if p not in hand] if len(hand) < k else []
            hand.update(rng.sample(spare, min(k - len(hand), len(spare))))
            hands.append(sorted(hand))
        return hands

    def draw(self, rng: random.Random) -> str:
        """One name, popular names more often."""
        return rng.choices(self.names, weights=self.uses)[0]


@dataclass(frozen=True)
class CatalogProfile:
    goals: tuple[GoalRow, ...]
    categories: tuple[CategoryRow, ...]  # ids and goal ids as positions + 1 / real goal ids
    sub_categories: tuple[SubCategoryRow, ...]  # category_id: a category position + 1
    tags: Pool
    fairness_approaches: Pool
    lifecycle_stages: Pool
    techniques: tuple[TechniqueTemplate, ...]
    related_pairs: int  # pairs of techniques related per copy, mutual or one-way
    mutual_pairs: int  # of which related in both directions
    relationship_types: Pool

    def rows(self, scale: int) -> dict[str, int]:
        """How many rows `generate_rows(self, scale, …)` yields per table."""
        per_copy = {
            "category": len(self.categories),
            "sub_category": len(self.sub_categories),
            "tag": len(self.tags.names),
            "fairness_approach": len(self.fairness_approaches.names),
            "project_lifecycle_stage": len(self.lifecycle_stages.names),
            "technique": len(self.techniques),
            "technique_category": sum(len(t.categories) for t in self.techniques),
            "technique_sub_category": sum(len(t.sub_categories) for t in self.techniques),
            "technique_tag": sum(t.tags for t in self.techniques),
            "technique_fairness_approach": sum(t.fairness_approaches for t in self.techniques),
            "technique_project_lifecycle_stage": sum(t.lifecycle_stages for t in self.techniques),
            "technique_relationship": self.related_pairs + self.mutual_pairs,
        }
        return {"assurance_goal": len(self.goals)} | {t: n * scale for t, n in per_copy.items()}


def load_profile(sql_path: Path = BUNDLED_CATALOG) -> CatalogProfile:
    """The shape of a catalog given as SQL (the bundled one by default), read in memory."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(sql_path.read_text(encoding="utf-8"))
        return _profile(db)
    finally:
        db.close()


def _profile(db: sqlite3.Connection) -> CatalogProfile:
    def rows(sql: str) -> list[tuple]:
        return db.execute(sql).fetchall()

    def table(name: str) -> list[tuple]:
        return rows(f"SELECT {', '.join(TABLES[name][1])} FROM {name} ORDER BY id")

    def positions(table: str) -> dict[int, int]:
        return {id_: p for p, (id_,) in enumerate(rows(f"SELECT id FROM {table} ORDER BY id"))}

    def links(table: str, column: str) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for technique_id, other in rows(f"SELECT technique_id, {column} FROM {table} ORDER BY id"):
            found.setdefault(technique_id, []).append(other)
        return found

    def pool(table: str, link_table: str, column: str) -> Pool:
        uses = Counter(other for (other,) in rows(f"SELECT {column} FROM {link_table}"))
        named = rows(f"SELECT id, name FROM {table} ORDER BY id")
        return Pool(tuple(name for _, name in named), tuple(uses[id_] for id_, _ in named))

    category_at, sub_category_at = positions("category"), positions("sub_category")
    in_category = links("technique_category", "category_id")
    in_sub_category = links("technique_sub_category", "sub_category_id")
    tagged = links("technique_tag", "tag_id")
    approaches = links("technique_fairness_approach", "fairness_approach_id")
    stages = links("technique_project_lifecycle_stage", "project_lifecycle_stage_id")
    techniques = tuple(
        TechniqueTemplate(
            row=TechniqueRow(*row),
            categories=tuple(category_at[c] for c in in_category.get(row[0], [])),
            sub_categories=tuple(sub_category_at[s] for s in in_sub_category.get(row[0], [])),
            tags=len(tagged.get(row[0], [])),
            fairness_approaches=len(approaches.get(row[0], [])),
            lifecycle_stages=len(stages.get(row[0], [])),
        )
        for row in table("technique")
    )
    pairs = Counter(
        frozenset(pair)
        for pair in rows("SELECT technique_from_id, technique_to_id FROM technique_relationship")
    )
    type_uses = Counter(t for (t,) in rows("SELECT relationship_type FROM technique_relationship"))
    return CatalogProfile(
        goals=tuple(GoalRow(*row) for row in table("assurance_goal")),
        categories=tuple(
            CategoryRow(category_at[id_] + 1, name, description, goal)
            for id_, name, description, goal in table("category")
        ),
        sub_categories=tuple(
            SubCategoryRow(sub_category_at[id_] + 1, name, description, category_at[category] + 1)
            for id_, name, description, category in table("sub_category")
        ),
        tags=pool("tag", "technique_tag", "tag_id"),
        fairness_approaches=pool(
            "fairness_approach", "technique_fairness_approach", "fairness_approach_id"
        ),
        lifecycle_stages=pool(
            "project_lifecycle_stage",
            "technique_project_lifecycle_stage",
            "project_lifecycle_stage_id",
        ),
        techniques=techniques,
        related_pairs=len(pairs),
        mutual_pairs=sum(1 for n in pairs.values() if n == 2),
        relationship_types=Pool(tuple(type_uses), tuple(type_uses.values())),
    )


def generate_rows(profile: CatalogProfile, scale: int, seed: int = 0) -> Iterator[Batch]:
    """The rows of a catalog `scale` times the profile's, a table's batch at a time."""
    rng = random.Random(seed)
    yield "assurance_goal", list(profile.goals)
    link_ids: Counter[str] = Counter()
    total = len(profile.techniques) * scale
    window = min(RELATED_WINDOW, (total - 1) // 2)
    for copy in range(scale):
        yield from _reference_rows(profile, copy)
        links = _Links(link_ids)
        yield "technique", _techniques(profile, rng, copy, links)
        _relationships(profile, rng, copy, total, window, links)
        yield from links.rows.items()


class _Links:
    """One copy's link rows, numbered on from the copies before."""

    def __init__(self, last_ids: Counter[str]) -> None:
        self.last_ids = last_ids
        self.rows: dict[str, list[NamedTuple]] = {}

    def add(self, table: str, from_id: int, to_id: int, type_: str | None = None) -> None:
        self.last_ids[table] += 1
        id_ = self.last_ids[table]
        row = (
            LinkRow(id_, from_id, to_id)
            if type_ is None
            else RelationshipRow(id_, from_id, to_id, type_)
        )
        self.rows.setdefault(table, []).append(row)


def _techniques(
    profile: CatalogProfile, rng: random.Random, copy: int, links: _Links
) -> list[NamedTuple]:
    templates = list(profile.techniques)
    rng.shuffle(templates)
    drawn = [
        (table, pool, pool.deal(rng, fanouts))
        for table, pool, fanouts in (
            ("technique_tag", profile.tags, [t.tags for t in templates]),
            ("technique_fairness_approach", profile.fairness_approaches,
             [t.fairness_approaches for t in templates]),
            ("technique_project_lifecycle_stage", profile.lifecycle_stages,
             [t.lifecycle_stages for t in templates]),
        )
    ]  # fmt: skip
    techniques: list[NamedTuple] = []
    for offset, template in enumerate(templates):
        technique_id = copy * len(templates) + offset + 1
        name = _copy_name(template.row.name, copy)
        techniques.append(template.row._replace(id=technique_id, name=name))
        for position in template.categories:
            category_id = _copy_id(len(profile.categories), copy, position)
            links.add("technique_category", technique_id, category_id)
        for position in template.sub_categories:
            sub_category_id = _copy_id(len(profile.sub_categories), copy, position)
            links.add("technique_sub_category", technique_id, sub_category_id)
        for table, pool, hands in drawn:
            for position in hands[offset]:
                links.add(table, technique_id, _copy_id(len(pool.names), copy, position))
    return techniques


def _reference_rows(profile: CatalogProfile, copy: int) -> Iterator[Batch]:
    n_categories, n_sub_categories = len(profile.categories), len(profile.sub_categories)
    yield (
        "category",
        [
            row._replace(id=row.id + copy * n_categories, name=_copy_name(row.name, copy))
            for row in profile.categories
        ],
    )
    yield (
        "sub_category",
        [
            row._replace(
                id=row.id + copy * n_sub_categories,
                name=_copy_name(row.name, copy),
                category_id=cast(int, row.category_id) + copy * n_categories,  # set in _profile
            )
            for row in profile.sub_categories
        ],
    )
    for table, pool in (
        ("tag", profile.tags),
        ("fairness_approach", profile.fairness_approaches),
        ("project_lifecycle_stage", profile.lifecycle_stages),
    ):
        row_type = TagRow if table == "tag" else NamedRow
        yield (
            table,
            [
                row_type(_copy_id(len(pool.names), copy, p), _copy_name(name, copy))
                for p, name in enumerate(pool.names)
            ],
        )


def _relationships(
    profile: CatalogProfile,
    rng: random.Random,
    copy: int,
    total: int,
    window: int,
    links: _Links,
) -> None:
    """One copy's share: each pair joins a technique to one at most `window` ids further on
    (wrapping to the start); since `window` < total / 2, a pair is only ever drawn once."""
    n, pairs = len(profile.techniques), profile.related_pairs
    partners = [pairs // n + (i < pairs % n) for i in range(n)]
    mutual = [i < profile.mutual_pairs for i in range(pairs)]
    rng.shuffle(partners)
    rng.shuffle(mutual)
    types = profile.relationship_types
    for technique_id, k in enumerate(partners, start=copy * n + 1):
        for distance in sorted(rng.sample(range(1, window + 1), min(k, window))):
            other_id = (technique_id - 1 + distance) % total + 1
            type_ = types.draw(rng)
            if mutual.pop():
                links.add("technique_relationship", technique_id, other_id, type_)
                links.add("technique_relationship", other_id, technique_id, type_)
            elif rng.random() < 0.5:
                links.add("technique_relationship", technique_id, other_id, type_)
            else:
                links.add("technique_relationship", other_id, technique_id, type_)


def _copy_name(name: str | None, copy: int) -> str:
    return f"{name} #{copy + 1}" if copy else str(name)


def _copy_id(per_copy: int, copy: int, position: int) -> int:
    return copy * per_copy + position + 1
