"""The model dependency vocabulary: adding a value is its own write (role admin)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from api.auth import ADMIN
from api.mutations.common import run_write
from api.types.results import ValidationError
from graph.writes import vocabulary as writes


@strawberry.type(description="A value of the model dependency vocabulary.")
class ModelDependency:
    name: str


ModelDependencyResult = Annotated[
    ModelDependency | ValidationError, strawberry.union("ModelDependencyResult")
]


async def create_model_dependency(info: Info, name: str) -> ModelDependencyResult:
    """A new value techniques' modelDependency may take. Needs role admin."""
    result = await run_write(info, ADMIN, writes.create_model_dependency, name)
    return result if isinstance(result, ValidationError) else ModelDependency(name=result)
