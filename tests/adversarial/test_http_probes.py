"""Every probe of every family gets a clear refusal or a correct answer, never a 5xx or an
internal error (issue #14). `pytest tests/adversarial -q -rA` lists them; the count per
family is the number of parameters of each test."""

from __future__ import annotations

import pytest
from adversarial.probes import Probe, all_probes, check
from starlette.testclient import TestClient


def send(client: TestClient, probe: Probe) -> None:
    response = client.request(probe.method, probe.path, content=probe.body, headers=probe.headers)
    check(probe, response)


@pytest.mark.parametrize("probe", all_probes("structure"), ids=lambda p: p.id)
def test_structure_bombs_are_refused_or_answered(hostile: TestClient, probe: Probe) -> None:
    send(hostile, probe)


@pytest.mark.parametrize("probe", all_probes("encoding"), ids=lambda p: p.id)
def test_encodings_are_unicode_or_refused_at_the_edge(hostile: TestClient, probe: Probe) -> None:
    send(hostile, probe)


@pytest.mark.parametrize("probe", all_probes("malformed"), ids=lambda p: p.id)
def test_malformed_bodies_get_a_json_reason(hostile: TestClient, probe: Probe) -> None:
    send(hostile, probe)
