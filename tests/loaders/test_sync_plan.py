"""The sync's plan is pure: three states in (last migrated, source now, graph now), changes
out. No server needed."""

from __future__ import annotations

from loaders.provenance import Unit, ends, fingerprint
from loaders.sync.plan import GraphUnit, LinkLookup, Plan, plan_sync
from loaders.sync.render import plan_lines

GOAL = "assurance_goal:1"


def technique(name: str = "SHAP", description: str = "Shapley.", src: str = "technique:1") -> Unit:
    values = (name, description, "Agnostic", "Loans.", GOAL)
    return Unit(src, "Technique", name.lower(), values, {"legacyId": 1, "slug": "shap"})


def in_graph(unit: Unit, eid: str = "4:x:1", **changed: str) -> GraphUnit:
    fields = dict(
        zip(
            ("name", "description", "modelDependency", "exampleUseCase", "goal"),
            unit.values,
            strict=True,
        )
    )
    fields.update(changed)
    values = tuple(fields.values())
    return GraphUnit(eid, unit.kind, str(fields["name"]).lower(), values, unit.src, unit.src_hash)


def plan(
    changed: list[Unit], last: dict[str, str], graph: dict[str, GraphUnit], **kw: object
) -> Plan:
    return plan_sync(
        changed,
        kw.pop("gone", {}),
        last,
        graph,
        kw.pop("by_key", {}),  # type: ignore[arg-type]
        kw.pop("links", {}),
        kw.pop("prefer", None),
    )  # type: ignore[arg-type]


def test_a_field_only_the_source_changed_is_written() -> None:
    was = technique()
    now = technique(description="Shapley values.")
    [change] = plan([now], {was.src: was.src_hash}, {was.src: in_graph(was)}).changes
    assert change.action == "update" and change.conflict is None and change.writes
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("description", "Shapley.", "Shapley values.")
    ]
    assert change.new_hash == now.src_hash


def test_an_editors_field_stays_while_the_sources_other_field_arrives() -> None:
    was = technique()
    now = technique(description="Shapley values.")
    graph = {was.src: in_graph(was, name="SHAP (ours)")}
    [change] = plan([now], {was.src: was.src_hash}, graph).changes
    assert [f.field for f in change.fields] == ["description"] and change.conflict is None
    # The stored fingerprint keeps the name as migrated, so the editor's name still shows
    # as the editor's next time.
    assert change.new_hash is not None
    assert change.new_hash.split(".")[0] == was.src_hash.split(".")[0]
    assert change.new_hash.split(".")[1] == now.src_hash.split(".")[1]


def test_both_sides_changing_one_field_is_a_conflict_prefer_settles() -> None:
    was = technique()
    now = technique(name="SHAP values")
    graph = {was.src: in_graph(was, name="SHAP (ours)")}
    refused = plan([now], {was.src: was.src_hash}, graph)
    assert refused.blocked and refused.conflicts[0].fields[0].conflict
    kept = plan([now], {was.src: was.src_hash}, graph, prefer="graph")
    assert not kept.blocked and kept.changes[0].new_hash == now.src_hash
    taken = plan([now], {was.src: was.src_hash}, graph, prefer="source")
    assert not taken.blocked and taken.changes[0].fields[0].new == "SHAP values"


def test_both_sides_making_the_same_change_agree() -> None:
    was = technique()
    now = technique(description="Same.")
    [change] = plan(
        [now], {was.src: was.src_hash}, {was.src: in_graph(was, description="Same.")}
    ).changes
    assert change.conflict is None and change.fields == [] and change.new_hash == now.src_hash


def test_deletes_follow_what_the_graph_did_since() -> None:
    was = technique()
    last = {was.src: was.src_hash}
    assert plan([], last, {was.src: in_graph(was)}, gone=last).changes[0].action == "delete"
    edited = plan([], last, {was.src: in_graph(was, name="Mine")}, gone=last)
    assert edited.blocked and "changed in the graph" in (edited.conflicts[0].conflict or "")
    used = in_graph(was)
    used.editor_links = 2
    assert "2 link(s) an editor made" in (
        plan([], last, {was.src: used}, gone=last).conflicts[0].conflict or ""
    )
    assert plan([], last, {}, gone=last).changes[0].action == "forget"
    released = plan([], last, {was.src: used}, gone=last, prefer="graph")
    assert released.changes[0].action == "keep" and released.changes[0].new_hash is None


def test_a_new_row_named_like_a_node_matches_it_by_name() -> None:
    old = technique(src="technique:1")
    new = technique(src="technique:101")
    holder = in_graph(old)
    renumbered = plan(
        [new],
        {old.src: old.src_hash},
        {},
        gone={old.src: old.src_hash},
        by_key={("Technique", "shap"): holder},
    )
    [change] = renumbered.changes
    assert change.action == "adopt" and change.old_src == "technique:1" and not renumbered.blocked
    assert renumbered.ledger_updates() == {"technique:1": None, "technique:101": new.src_hash}
    editors = GraphUnit("4:x:9", "Technique", "shap", holder.values)
    clash = plan([new], {}, {}, by_key={("Technique", "shap"): editors})
    assert clash.blocked and "made through the API" in (clash.conflicts[0].conflict or "")


def test_a_new_link_an_editor_already_made_is_adopted_not_doubled() -> None:
    key = ends("shap", "data-type/tabular")
    link = Unit("technique_tag:9", "TAGGED", key, (ends("technique:1", "tag:1"),), {"legacyId": 9})
    lookup = LinkLookup(True, True, GraphUnit("5:x:3", "TAGGED", key, ()))
    [change] = plan([link], {}, {}, links={link.src: lookup}).changes
    assert change.action == "adopt" and change.conflict is None
    missing = plan([link], {}, {}, links={link.src: LinkLookup(False, True)})
    assert missing.blocked and "'shap' is not in the graph" in (missing.conflicts[0].conflict or "")


def test_a_long_text_is_shown_as_a_unified_diff() -> None:
    long_old = " ".join(f"word{i}" for i in range(60))
    long_new = long_old.replace("word30", "WORD30")
    was, now = technique(description=long_old), technique(description=long_new)
    lines = plan_lines(plan([now], {was.src: was.src_hash}, {was.src: in_graph(was)}))
    text = "\n".join(lines)
    assert "--- description (graph)" in text and "+++ description (source)" in text
    assert sum(1 for line in lines if "word0 " in line) <= 1  # not both texts whole
    assert any(line.strip().startswith("+") and "WORD30" in line for line in lines)
    assert fingerprint(was.values) != fingerprint(now.values)
