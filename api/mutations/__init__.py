"""The write side's root fields. Each runs in one write transaction and needs a token."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import strawberry

from api.mutations import attributes as a
from api.mutations import taxonomy as x
from api.mutations import techniques as t
from api.mutations import vocabulary as v


def _root(resolver: Callable[..., Any]) -> Any:
    return strawberry.mutation(
        resolver=resolver, description=inspect.cleandoc(resolver.__doc__ or "")
    )


@strawberry.type
class Mutation:
    create_technique = _root(t.create_technique)
    update_technique = _root(t.update_technique)
    delete_technique = _root(t.delete_technique)
    restore_technique = _root(t.restore_technique)
    restore_technique_version = _root(t.restore_technique_version)
    purge_technique = _root(t.purge_technique)
    create_goal = _root(x.create_goal)
    rename_goal = _root(x.rename_goal)
    create_category = _root(x.create_category)
    rename_category = _root(x.rename_category)
    link_category_to_goal = _root(x.link_category_to_goal)
    unlink_category_from_goal = _root(x.unlink_category_from_goal)
    create_sub_category = _root(x.create_sub_category)
    rename_sub_category = _root(x.rename_sub_category)
    link_sub_category_to_category = _root(x.link_sub_category_to_category)
    unlink_sub_category_from_category = _root(x.unlink_sub_category_from_category)
    create_tag = _root(x.create_tag)
    create_model_dependency = _root(v.create_model_dependency)
    create_attribute_type = _root(a.create_attribute_type)
    set_attribute_type_applicability = _root(a.set_attribute_type_applicability)
    add_attribute_value = _root(a.add_attribute_value)
    rename_attribute_value = _root(a.rename_attribute_value)
    remove_attribute_value = _root(a.remove_attribute_value)
