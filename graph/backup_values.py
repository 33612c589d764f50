"""Property values as JSON for the graph backup, and back.

Scalars and lists stay as they are; temporal, spatial and byte-array values become
`{"$type": …}` objects (a property can never hold a map, so these cannot be mistaken for
data).
"""

from __future__ import annotations

import base64
from datetime import UTC, timedelta
from typing import Any

import pytz  # the driver's own time-zone library (a dependency of neo4j)
from neo4j import spatial
from neo4j import time as neo4j_time


def encode_value(value: Any) -> Any:
    """A property value as JSON: scalars and lists as they are, the rest tagged with `$type`."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # Points and durations are tuples: they go before the list case.
    if isinstance(value, spatial.Point):
        return {"$type": "point", "srid": value.srid, "coordinates": list(value)}
    if isinstance(value, neo4j_time.Duration):
        return {"$type": "duration", **{part: getattr(value, part) for part in _DURATION}}
    if isinstance(value, list | tuple):
        return [encode_value(item) for item in value]
    if isinstance(value, bytes | bytearray):
        return {"$type": "bytes", "value": base64.b64encode(value).decode("ascii")}
    if isinstance(value, neo4j_time.DateTime):
        zone = getattr(value.tzinfo, "zone", None)
        # Offset 0 comes back from the driver as pytz.utc whether it was `Z` or `[UTC]`.
        tagged = {"$type": "datetime", "value": value.iso_format()}
        return tagged | ({"zone": zone} if zone and zone != "UTC" else {})
    if isinstance(value, neo4j_time.Date | neo4j_time.Time):
        kind = "date" if isinstance(value, neo4j_time.Date) else "time"
        return {"$type": kind, "value": value.iso_format()}
    raise TypeError(f"a property value of type {type(value).__name__} cannot be backed up")


_DURATION = ("months", "days", "seconds", "nanoseconds")
_POINT_CLASSES = {
    7203: spatial.CartesianPoint,
    9157: spatial.CartesianPoint,
    4326: spatial.WGS84Point,
    4979: spatial.WGS84Point,
}


def decode_value(value: Any) -> Any:
    """The inverse of `encode_value`; a malformed tag raises ValueError or KeyError."""
    if isinstance(value, list):
        return [decode_value(item) for item in value]
    if not isinstance(value, dict):
        return value
    kind = value["$type"]
    if kind == "datetime":
        moment = neo4j_time.DateTime.from_iso_format(value["value"])
        if "zone" in value:
            return moment.as_timezone(pytz.timezone(value["zone"]))
        if moment.utcoffset() == timedelta(0):
            return moment.replace(tzinfo=UTC)  # written back as an offset, not a zone
        return moment
    if kind == "date":
        return neo4j_time.Date.from_iso_format(value["value"])
    if kind == "time":
        return neo4j_time.Time.from_iso_format(value["value"])
    if kind == "duration":
        return neo4j_time.Duration(**{part: int(value[part]) for part in _DURATION})
    if kind == "point":
        return _POINT_CLASSES[value["srid"]](value["coordinates"])
    if kind == "bytes":
        return base64.b64decode(value["value"], validate=True)
    raise ValueError(f"unknown value type {kind!r}")
