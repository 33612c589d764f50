"""One scale of the API benchmark: load the catalog, start both servers, check that the three
systems answer alike, count and PROFILE their statements, then time them.

The systems: `api` (`catalog serve` over HTTP), `floor` (hand-written Cypher through the
same driver, bench/api/floor.py) and `neo4j-graphql` (@neo4j/graphql 7 over HTTP,
bench/api/neo4j_graphql/). Both HTTP systems are called with the same client
(bench/api/http_client.py).
"""

from __future__ import annotations

import logging
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, parse

from api.settings import ApiSettings, load_api_settings
from bench.api import floor, servers
from bench.api import neo4j_graphql_contract as ngc
from bench.api.answers import differences
from bench.api.http_client import AnswerError, GraphQLClient
from bench.api.operations import Case, cases, pick
from bench.api.statements import db_hits, in_process_api, node_statements
from bench.api.timing import MakeSend, Send, measure_latency, measure_throughput
from bench.common.catalog import empty_graph, generate_source, migrate
from bench.common.instance import SCRIPT, BenchInstance
from bench.common.machine import CpuPressure, load_average
from graph.connection import Graph, connected

log = logging.getLogger("bench.api")
SYSTEMS = ("api", "floor", "neo4j-graphql")


@dataclass(frozen=True)
class Plan:
    rounds: int = 5
    requests: int = 20  # per round, case and system
    warmup: int = 20
    concurrency: int = 4
    throughput_seconds: float = 3.0


def root_fields(document: str) -> int:
    operation = parse(document).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return len(operation.selection_set.selections)


def _checked(client: GraphQLClient, document: str, variables: dict[str, Any]) -> None:
    answer = client.post(document, variables)
    # A key, not a word of the data: inside a JSON string the quotes would be escaped.
    if b'"errors"' in answer.body:
        raise AnswerError(answer.body[:1000].decode(errors="replace"))


def http_sender(port: int, node: bool) -> Send:
    client = GraphQLClient(port)
    requests: dict[str, tuple[str, dict[str, Any]]] = {}

    def send(case: Case) -> None:
        if case.label not in requests:
            requests[case.label] = (
                ngc.request_for(case) if node else (case.document, case.variables)
            )
        _checked(client, *requests[case.label])

    return send


def floor_sender(graph: Graph) -> Send:
    def send(case: Case) -> None:
        floor.fetch(graph, case.operation, case.variables)

    return send


def _running(instance: BenchInstance) -> bool:
    status = [str(SCRIPT), "status", instance.name]
    return subprocess.run(status, env=instance.env(), capture_output=True).returncode == 0


# What a request costs before any Cypher: HTTP, JSON and GraphQL, no root field resolved.
TYPENAME = Case("{ __typename }", "Typename", "{ __typename }", {})


def no_cypher(senders: dict[str, Send], plan: Plan) -> dict[str, Any]:
    """Latency of `{ __typename }` through both HTTP systems (the floor has no HTTP)."""
    http = {name: senders[name] for name in ("api", "neo4j-graphql")}
    found = measure_latency(http, [TYPENAME], plan.rounds, plan.requests, plan.warmup)
    return {name: latency.summary() for name, latency in found[TYPENAME.label].items()}


def load(scale: int, instance: BenchInstance, work: Path, fresh: bool = True) -> Path:
    """The generated catalog at `scale` migrated into the instance: into a new database when
    `fresh`, else into the running one emptied (quicker, for the quick mode)."""
    source = generate_source(work / f"src-x{scale}.db", scale, instance.env())
    if fresh or not _running(instance):
        instance.wipe()
        instance.start()
    else:
        empty_graph(instance.uri)
    migrate(source, instance.env(), work / "migrate.log", until_validation=False)
    return source


def check_answers(graph: Graph, api: GraphQLClient, node: GraphQLClient, case: Case) -> list[str]:
    reference = api.post(case.document, case.variables).data()
    found = []
    document, variables = ngc.request_for(case)
    try:
        theirs = ngc.contract_data(case, node.post(document, variables).data())
        found += [
            f"{case.label}: neo4j-graphql {d}"
            for d in differences(case.operation, reference, theirs)
        ]
    except AnswerError as exc:
        found.append(f"{case.label}: neo4j-graphql failed: {exc}")
    cypher = floor.fetch(graph, case.operation, case.variables)
    found += [f"{case.label}: floor {d}" for d in differences(case.operation, reference, cypher)]
    return found


def statements(
    settings: ApiSettings, graph: Graph, node: GraphQLClient, case_list: list[Case]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per case and system: the statements one request sends, each with its PROFILE db hits."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with in_process_api(settings, graph) as app:
        for case in case_list:
            _, sent_by_api = app.statements(case.document, case.variables)
            document, variables = ngc.request_for(case)
            sent = {
                "api": sent_by_api,
                "floor": [floor.floor_statement(case.operation, case.variables)],
                "neo4j-graphql": node_statements(node, document, variables),
            }
            found[case.label] = {
                name: [{"query": q, "params": p, "dbHits": db_hits(graph, q, p)} for q, p in s]
                for name, s in sent.items()
            }
    return found


def expected_statements(case: Case) -> dict[str, int]:
    """One statement per root field through either GraphQL layer; one for the floor."""
    roots = root_fields(case.document)
    return {"api": roots, "floor": 1, "neo4j-graphql": roots}


def count_mismatches(
    sent: dict[str, dict[str, list[dict[str, Any]]]], case_list: list[Case]
) -> list[str]:
    return [
        f"{case.label}: {name} sent {len(sent[case.label][name])} statements, expected {count}"
        for case in case_list
        for name, count in expected_statements(case).items()
        if len(sent[case.label][name]) != count
    ]


def run_scale(scale: int, instance: BenchInstance, work: Path, plan: Plan) -> dict[str, Any]:
    """A fresh instance loaded at `scale`, then `measure`."""
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load(scale, instance, work)
    result = measure(scale, instance.env(), work, plan)
    result["wallSeconds"] = round(time.perf_counter() - started, 1)
    return result


def measure(scale: int, env: dict[str, str], work: Path, plan: Plan) -> dict[str, Any]:
    """Everything but the load, against the catalog already at env's NEO4J_URI."""
    work.mkdir(parents=True, exist_ok=True)
    settings = load_api_settings(NEO4J_URI=env["NEO4J_URI"])
    password = settings.neo4j_password.get_secret_value()
    result: dict[str, Any] = {"scale": scale, "mismatches": [], "phaseSeconds": {}}
    mark = [time.perf_counter()]

    def phase(name: str) -> None:
        now = time.perf_counter()
        result["phaseSeconds"][name] = round(now - mark[0], 1)
        log.info("scale %d: %s in %.1fs", scale, name, now - mark[0])
        mark[0] = now

    with (
        connected(settings) as graph,
        servers.catalog_api(env, work / "catalog-serve.log") as api_port,
        servers.neo4j_graphql(env, password, work / "neo4j-graphql.log") as node_port,
    ):
        phase("servers started")
        result["techniques"] = graph.read("RETURN COUNT { (:Technique) } AS n")[0]["n"]
        picks = pick(graph)
        result["picks"] = picks.__dict__
        case_list = cases(picks)
        api, node = GraphQLClient(api_port), GraphQLClient(node_port)
        for case in case_list:
            result["mismatches"] += check_answers(graph, api, node, case)
        phase("answers compared" + (" (they DIFFER)" if result["mismatches"] else ""))
        sent = statements(settings, graph, node, case_list)
        result["mismatches"] += count_mismatches(sent, case_list)
        phase("statements counted and profiled")
        senders: dict[str, Send] = {
            "api": http_sender(api_port, node=False),
            "floor": floor_sender(graph),
            "neo4j-graphql": http_sender(node_port, node=True),
        }
        pressure, load_at_start = CpuPressure(), load_average()
        latency = measure_latency(senders, case_list, plan.rounds, plan.requests, plan.warmup)
        result["noCypher"] = no_cypher(senders, plan)
        phase("latency")
        makers: dict[str, MakeSend] = {
            "api": lambda: http_sender(api_port, node=False),
            "floor": lambda: floor_sender(graph),
            "neo4j-graphql": lambda: http_sender(node_port, node=True),
        }
        throughput = measure_throughput(
            makers, case_list, plan.concurrency, plan.throughput_seconds
        )
        phase("throughput")
        result["loadAverageAtStart"], result["cpuPressure"] = load_at_start, pressure.share()
    result["operations"] = {
        case.label: _operation(case, latency[case.label], throughput[case.label], sent[case.label])
        for case in case_list
    }
    return result


def _operation(
    case: Case,
    latency: dict[str, Any],
    throughput: dict[str, float],
    sent: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for name in SYSTEMS:
        figures[name] = {
            **latency[name].summary(),
            "requestsPerSecond": throughput[name],
            "statements": len(sent[name]),
            "dbHits": sum(s["dbHits"] for s in sent[name]),
            "cypher": sent[name],
        }
    api = figures["api"]["medianMs"]
    return {
        "operation": case.operation,
        "variables": case.variables,
        "systems": figures,
        "ratios": {
            "apiVsFloor": round(api / figures["floor"]["medianMs"], 2),
            "apiVsNeo4jGraphql": round(api / figures["neo4j-graphql"]["medianMs"], 2),
        },
    }
