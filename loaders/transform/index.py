"""What the transform learns about the source's entities, to resolve the link tables.

It holds one small entry per entity row (goals, categories, tags, techniques...), never per
link row, so memory grows with the number of entities while link tables stream through.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TechniqueInfo:
    slug: str
    name: str
    primary_goal_key: str


@dataclass
class Index:
    """Legacy id → key (or info) per table; a merged duplicate maps to its survivor's key."""

    goals: dict[int, str] = field(default_factory=dict)
    goal_names: dict[str, str] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    category_goals: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    subcategories: dict[int, str] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)
    fairness_approaches: dict[int, str] = field(default_factory=dict)
    lifecycle_stages: dict[int, str] = field(default_factory=dict)
    techniques: dict[int, TechniqueInfo] = field(default_factory=dict)
    # Technique id → scope value keys, set on the technique step and linked after the
    # categories are known, because applicability depends on all of a technique's goals.
    scopes: dict[int, list[str]] = field(default_factory=dict)
    # Technique id → its goals' keys: the primary goal plus its categories' goals.
    technique_goals: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    # The model dependency vocabulary: key → the name its first technique (by id) writes.
    model_dependencies: dict[str, str] = field(default_factory=dict)
    # Rows that were skipped, per table, so a link to them says why rather than "missing".
    skipped: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def goal_names_of(self, goal_keys: set[str]) -> list[str]:
        return sorted(self.goal_names.get(key, key) for key in goal_keys)
