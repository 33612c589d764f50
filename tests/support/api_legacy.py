"""The legacy catalog read straight from its SQLite file: the oracle API answers are checked
against, computed with SQL (and a little Python) from the rows the migration started from.

It follows the contract's meanings, not the graph: a technique's goals are its
`assurance_goal_id` plus the goals of its categories; attributes are the fairness approach,
lifecycle stage and scope rows (a scope of `Global, Local` is two values); related techniques
are the `technique_relationship` rows from it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from graph.keys import unique_slugs

FAIRNESS_APPROACH = "Fairness Approach"
LIFECYCLE_STAGE = "Project Lifecycle Stage"
SCOPE = "Scope"

Attribute = tuple[str, str]


@dataclass(frozen=True)
class LegacyTechnique:
    id: int
    slug: str
    name: str
    description: str
    model_dependency: str
    example_use_case: str
    primary_goal: str
    goals: frozenset[str]
    categories: frozenset[str]
    sub_categories: frozenset[str]
    tags: frozenset[str]
    attributes: frozenset[Attribute]
    related: tuple[tuple[str, str], ...]  # (relationship_type, slug of the target)


class LegacyCatalog:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, tuple(params)).fetchall()

    def _grouped(self, sql: str) -> dict[int, set[Any]]:
        grouped: dict[int, set[Any]] = {}
        for key, value in self.rows(sql):
            grouped.setdefault(key, set()).add(value)
        return grouped

    @cached_property
    def slugs(self) -> dict[int, str]:
        return unique_slugs(self.rows("SELECT id, name FROM technique"))

    @cached_property
    def techniques(self) -> dict[str, LegacyTechnique]:
        """Every technique by slug."""
        goals = self._grouped(
            "SELECT t.id, g.name FROM technique t "
            "JOIN assurance_goal g ON g.id = t.assurance_goal_id "
            "UNION SELECT tc.technique_id, g.name FROM technique_category tc "
            "JOIN category c ON c.id = tc.category_id "
            "JOIN assurance_goal g ON g.id = c.assurance_goal_id"
        )
        categories = self._grouped(
            "SELECT tc.technique_id, c.name FROM technique_category tc "
            "JOIN category c ON c.id = tc.category_id"
        )
        sub_categories = self._grouped(
            "SELECT ts.technique_id, s.name FROM technique_sub_category ts "
            "JOIN sub_category s ON s.id = ts.sub_category_id"
        )
        tags = self._grouped(
            "SELECT tt.technique_id, g.name FROM technique_tag tt JOIN tag g ON g.id = tt.tag_id"
        )
        attributes = self._grouped(
            f"SELECT tf.technique_id, '{FAIRNESS_APPROACH}' || char(31) || f.name "
            "FROM technique_fairness_approach tf "
            "JOIN fairness_approach f ON f.id = tf.fairness_approach_id "
            f"UNION SELECT tp.technique_id, '{LIFECYCLE_STAGE}' || char(31) || p.name "
            "FROM technique_project_lifecycle_stage tp "
            "JOIN project_lifecycle_stage p ON p.id = tp.project_lifecycle_stage_id"
        )
        related: dict[int, list[tuple[str, str]]] = {}
        for source, target, kind in self.rows(
            "SELECT technique_from_id, technique_to_id, relationship_type "
            "FROM technique_relationship"
        ):
            related.setdefault(source, []).append((kind, self.slugs[target]))
        result = {}
        for row in self.rows(
            "SELECT t.id, t.name, t.description, t.model_dependency, t.example_use_case, "
            "g.name, t.scope FROM technique t JOIN assurance_goal g ON g.id = t.assurance_goal_id"
        ):
            tid, name, description, dependency, use_case, goal, scope = row
            pairs = {tuple(a.split("\x1f")) for a in attributes.get(tid, ())}
            pairs |= {(SCOPE, part.strip()) for part in (scope or "").split(",") if part.strip()}
            slug = self.slugs[tid]
            result[slug] = LegacyTechnique(
                id=tid,
                slug=slug,
                name=name,
                description=description,
                model_dependency=dependency,
                example_use_case=use_case,
                primary_goal=goal,
                goals=frozenset(goals.get(tid, ())),
                categories=frozenset(categories.get(tid, ())),
                sub_categories=frozenset(sub_categories.get(tid, ())),
                tags=frozenset(tags.get(tid, ())),
                attributes=frozenset(pairs),  # type: ignore[arg-type]
                related=tuple(sorted(related.get(tid, ()))),
            )
        return result

    def category_goals(self) -> dict[str, set[str]]:
        return {
            category: {goal}
            for category, goal in self.rows(
                "SELECT c.name, g.name FROM category c JOIN assurance_goal g "
                "ON g.id = c.assurance_goal_id"
            )
        }

    def subcategory_categories(self) -> dict[str, set[str]]:
        return {
            sub: {category}
            for sub, category in self.rows(
                "SELECT s.name, c.name FROM sub_category s JOIN category c ON c.id = s.category_id"
            )
        }

    # Facets and coverage as GROUP BYs over the legacy tables.

    def facet_counts(self, ids: Iterable[int]) -> dict[str, Counter[str]]:
        """Distinct techniques among `ids` per goal, category, tag and model dependency."""
        chosen = sorted(set(ids))
        marks = ",".join("?" * len(chosen)) or "NULL"

        def group(sql: str) -> Counter[str]:
            return Counter(dict(self.rows(sql.format(ids=marks), chosen)))

        goal_links = (
            "SELECT t.id AS tid, t.assurance_goal_id AS gid FROM technique t "
            "UNION SELECT tc.technique_id, c.assurance_goal_id FROM technique_category tc "
            "JOIN category c ON c.id = tc.category_id"
        )
        return {
            "goals": group(
                f"SELECT g.name, count(DISTINCT l.tid) FROM ({goal_links}) l "
                "JOIN assurance_goal g ON g.id = l.gid WHERE l.tid IN ({ids}) GROUP BY g.name"
            ),
            "categories": group(
                "SELECT c.name, count(DISTINCT tc.technique_id) FROM technique_category tc "
                "JOIN category c ON c.id = tc.category_id WHERE tc.technique_id IN ({ids}) "
                "GROUP BY c.name"
            ),
            "tags": group(
                "SELECT g.name, count(DISTINCT tt.technique_id) FROM technique_tag tt "
                "JOIN tag g ON g.id = tt.tag_id WHERE tt.technique_id IN ({ids}) GROUP BY g.name"
            ),
            "modelDependencies": group(
                "SELECT model_dependency, count(*) FROM technique WHERE id IN ({ids}) "
                "GROUP BY model_dependency"
            ),
        }

    def attribute_facets(self, ids: Iterable[int]) -> dict[str, Counter[str]]:
        counts: dict[str, Counter[str]] = {}
        chosen = set(ids)
        for technique in self.techniques.values():
            if technique.id in chosen:
                for kind, value in technique.attributes:
                    counts.setdefault(kind, Counter())[value] += 1
        return counts

    def coverage_cells(self) -> set[tuple[str, str, int]]:
        return set(
            self.rows(
                "SELECT g.name, c.name, count(DISTINCT tc.technique_id) FROM category c "
                "JOIN assurance_goal g ON g.id = c.assurance_goal_id "
                "LEFT JOIN technique_category tc ON tc.category_id = c.id GROUP BY g.name, c.name"
            )
        )

    def neighbours(self, slug: str, max_hops: int) -> dict[str, int]:
        """Slugs within `max_hops` RELATED_TO edges of `slug`, either direction: their hops."""
        edges: dict[str, set[str]] = {}
        for source, target in self.rows(
            "SELECT technique_from_id, technique_to_id FROM technique_relationship"
        ):
            a, b = self.slugs[source], self.slugs[target]
            edges.setdefault(a, set()).add(b)
            edges.setdefault(b, set()).add(a)
        seen = {slug: 0}
        queue = deque([slug])
        while queue:
            here = queue.popleft()
            if seen[here] == max_hops:
                continue
            for there in edges.get(here, ()):
                if there not in seen:
                    seen[there] = seen[here] + 1
                    queue.append(there)
        del seen[slug]
        return seen
