"""The naive loader the benchmark compares `catalog migrate` with: the same steps and transform,
but every node and relationship saved on its own through neomodel, one query (or two) each.

This is how the migration would look written the ORM way: `Technique(...).save()`, then
`technique.categories.connect(category, {"legacyId": ...})`, each a round trip to the server.
Nodes are kept in memory by natural key to connect them, as such a loader would.

    .venv/bin/python -m bench.loader.naive SOURCE      # NEO4J_URI picks the server

It checks the whole source first and refuses one with errors, like `catalog migrate`, and
installs the same schema; it records no MigrationRun.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from graph.connection import connected
from graph.migration import writes as w
from graph.migration.kind import WriteKind
from graph.model import (
    AttributeType,
    AttributeValue,
    Category,
    Goal,
    ModelDependency,
    SubCategory,
    Tag,
    Technique,
)
from graph.neomodel_setup import bind_neomodel, unbind_neomodel
from graph.schema import install_schema
from loaders.migrate import check_source, run_steps
from loaders.sources import open_source

Record = dict[str, Any]


class NeomodelSink:
    """A sink for `loaders.steps` saving each record through neomodel, one object at a time."""

    def __init__(self) -> None:
        # Saved nodes by natural key. Typed Any: neomodel types a relationship attribute as
        # its class-level definition, not the manager an instance has, so `.connect` is unknown.
        self.goals: dict[str, Any] = {}
        self.categories: dict[str, Any] = {}
        self.subcategories: dict[str, Any] = {}
        self.types: dict[str, Any] = {}
        self.values: dict[tuple[str, str], Any] = {}
        self.techniques: dict[int, Any] = {}
        self.tags: dict[str, Any] = {}
        self.saved = 0
        self._handlers: dict[WriteKind, Callable[[Record], None]] = {
            w.GOALS: self._goal,
            w.CATEGORIES: self._category,
            w.EXTRA_CATEGORY_GOALS: self._extra_category_goal,
            w.SUBCATEGORIES: self._subcategory,
            w.ATTRIBUTE_TYPES: self._attribute_type,
            w.ATTRIBUTE_VALUES: self._attribute_value,
            w.MODEL_DEPENDENCIES: self._model_dependency,
            w.TECHNIQUES: self._technique,
            w.TECHNIQUE_CATEGORIES: self._technique_category,
            w.TECHNIQUE_SUBCATEGORIES: self._technique_subcategory,
            w.TECHNIQUE_ATTRIBUTES: self._technique_attribute,
            w.TAGS: self._tag,
            w.ANCESTOR_TAGS: self._tag,
            w.TAG_PARENTS: self._tag_parent,
            w.TECHNIQUE_TAGS: self._technique_tag,
            w.RELATIONSHIPS: self._related,
        }

    def __call__(self, kind: WriteKind, records: list[Record]) -> None:
        handler = self._handlers[kind]
        for record in records:
            handler(record)
            self.saved += 1

    def _goal(self, r: Record) -> None:
        self.goals[r["key"]] = Goal(
            name=r["name"], description=r["description"], legacyId=r["legacyId"]
        ).save()

    def _category(self, r: Record) -> None:
        category = Category(
            name=r["name"], description=r["description"], legacyId=r["legacyId"]
        ).save()
        self.categories[r["key"]] = category
        category.goals.connect(self.goals[r["goalKey"]], {"legacy": True})

    def _extra_category_goal(self, r: Record) -> None:
        self.categories[r["categoryKey"]].goals.connect(self.goals[r["goalKey"]], {"legacy": False})

    def _subcategory(self, r: Record) -> None:
        subcategory = SubCategory(
            name=r["name"], description=r["description"], legacyId=r["legacyId"]
        ).save()
        self.subcategories[r["key"]] = subcategory
        subcategory.categories.connect(self.categories[r["categoryKey"]], {"legacy": True})

    def _attribute_type(self, r: Record) -> None:
        attribute_type = AttributeType(
            name=r["name"],
            multiValued=r["multiValued"],
            appliesToAll=r["appliesToAll"],
            description=r["description"],
        ).save()
        self.types[r["key"]] = attribute_type
        for goal_key in r["goalKeys"]:
            if goal_key in self.goals:
                attribute_type.goals.connect(self.goals[goal_key])

    def _attribute_value(self, r: Record) -> None:
        value = AttributeValue(
            name=r["name"],
            key=r["key"],
            typeKey=r["typeKey"],
            legacyId=r.get("legacyId"),
            position=r["position"],
        ).save()
        self.values[(r["typeKey"], r["key"])] = value
        value.attributeType.connect(self.types[r["typeKey"]])

    def _model_dependency(self, r: Record) -> None:
        ModelDependency(key=r["key"], name=r["name"]).save()

    def _technique(self, r: Record) -> None:
        technique = Technique(
            legacyId=r["legacyId"],
            slug=r["slug"],
            name=r["name"],
            description=r["description"],
            modelDependency=r["modelDependency"],
            exampleUseCase=r["exampleUseCase"],
        ).save()
        self.techniques[r["legacyId"]] = technique
        technique.primaryGoal.connect(self.goals[r["primaryGoalKey"]])

    def _technique_category(self, r: Record) -> None:
        self.techniques[r["techniqueId"]].categories.connect(
            self.categories[r["categoryKey"]], {"legacyId": r["legacyId"]}
        )

    def _technique_subcategory(self, r: Record) -> None:
        self.techniques[r["techniqueId"]].subCategories.connect(
            self.subcategories[r["subCategoryKey"]], {"legacyId": r["legacyId"]}
        )

    def _technique_attribute(self, r: Record) -> None:
        self.techniques[r["techniqueId"]].attributes.connect(
            self.values[(r["typeKey"], r["valueKey"])],
            {"legacyId": r["legacyId"], "legacyTable": r["legacyTable"]},
        )

    def _tag(self, r: Record) -> None:
        self.tags[r["key"]] = Tag(name=r["name"], legacyId=r.get("legacyId")).save()

    def _tag_parent(self, r: Record) -> None:
        self.tags[r["childKey"]].parent.connect(self.tags[r["parentKey"]])

    def _technique_tag(self, r: Record) -> None:
        self.techniques[r["techniqueId"]].tags.connect(
            self.tags[r["tagKey"]], {"legacyId": r["legacyId"]}
        )

    def _related(self, r: Record) -> None:
        self.techniques[r["fromId"]].relatedTo.connect(
            self.techniques[r["toId"]], {"type": r["type"], "legacyId": r["legacyId"]}
        )


def naive_load(source_spec: str) -> int:
    """Load `source_spec` into the configured Neo4j the naive way; the records saved."""
    with open_source(source_spec) as source, connected() as graph:
        problems, _ = check_source(source)
        if problems.errors:
            raise SystemExit(f"naive loader: {len(problems.errors)} errors in the source")
        install_schema(graph)
        bind_neomodel(graph)
        try:
            sink = NeomodelSink()
            run_steps(source, sink, 5000, "naive loading")
        finally:
            unbind_neomodel()
    return sink.saved


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m bench.loader.naive SOURCE")
    started = time.perf_counter()
    saved = naive_load(argv[0])
    print(f"naive loader: {saved} records saved in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
