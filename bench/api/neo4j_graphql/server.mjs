// @neo4j/graphql 7 over the catalog's graph, for bench/api/compare.py: the third system of the
// API benchmark. Lean on purpose (node:http and graphql-js, no server framework), so what is
// measured is the library and not a web stack; documents are parsed and validated once and
// cached, as the Python API's strawberry caches do.
//
//   NEO4J_URI=bolt://127.0.0.1:7741 NEO4J_PASSWORD=... PORT=4001 node server.mjs
//
// POST /graphql {query, variables, operationName}. Every answer carries the number of Cypher
// statements the request sent in the header `x-cypher-statements`; with the request header
// `x-capture-cypher: 1` the statements and their parameters come back in the answer's
// `extensions.cypher` (the benchmark PROFILEs them). GET /health answers 200 once Neo4j does.
import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { execute, parse, validate } from "graphql";
import neo4j from "neo4j-driver";

const here = new URL(".", import.meta.url);
const typeDefs = readFileSync(new URL("typeDefs.graphql", here), "utf8");
const port = Number(process.env.PORT ?? 4001);
const driver = neo4j.driver(
  process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687",
  neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""),
  // GraphQL Int fields of the non-node results (counts) need JS numbers, not neo4j Integers.
  { disableLosslessIntegers: true, userAgent: "assurance-catalog-bench-neo4j-graphql" },
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

// The statements of the request being served, found across awaits.
const requestStatements = new AsyncLocalStorage();

function record(query, params) {
  requestStatements.getStore()?.push({ query, params });
}

// Parameters as plain JSON for a capture: the library sends Int arguments as neo4j Integers.
function plain(value) {
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

// A driver-like object (what @neo4j/graphql's executor needs: session(), and the driver's
// bookmark manager) whose transactions report every statement before running it.
const countingDriver = {
  get executeQueryBookmarkManager() {
    return driver.executeQueryBookmarkManager;
  },
  session(config) {
    const session = driver.session(config);
    const watched = (tx) => ({
      run(query, params) {
        record(query, params);
        return tx.run(query, params);
      },
    });
    return {
      executeRead: (work, txConfig) => session.executeRead((tx) => work(watched(tx)), txConfig),
      executeWrite: (work, txConfig) => session.executeWrite((tx) => work(watched(tx)), txConfig),
      close: () => session.close(),
    };
  },
};

const documents = new Map();
const MAX_DOCUMENTS = 512;

function compiled(query) {
  let entry = documents.get(query);
  if (!entry) {
    let document;
    try {
      document = parse(query);
    } catch (error) {
      return { errors: [error] };
    }
    const errors = validate(schema, document);
    entry = errors.length ? { errors } : { document };
    if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value);
    documents.set(query, entry);
  }
  return entry;
}

function reply(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function graphql(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let request;
  try {
    request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return reply(res, 400, { errors: [{ message: "the body is not JSON" }] });
  }
  const { document, errors } = compiled(String(request.query ?? ""));
  if (errors) return reply(res, 200, { errors: errors.map((e) => ({ message: e.message })) });
  const statements = [];
  const result = await requestStatements.run(statements, () =>
    execute({
      schema,
      document,
      variableValues: request.variables ?? {},
      operationName: request.operationName,
      contextValue: { executionContext: countingDriver },
    }),
  );
  const body = { data: result.data ?? null };
  if (result.errors) {
    body.errors = result.errors.map((e) => ({ message: e.message, path: e.path }));
  }
  if (req.headers["x-capture-cypher"] === "1") {
    body.extensions = { cypher: statements.map((s) => ({ query: s.query, params: plain(s.params) })) };
  }
  reply(res, 200, body, { "x-cypher-statements": String(statements.length) });
}

const server = createServer((req, res) => {
  const path = req.url.split("?")[0];
  if (req.method === "POST" && path === "/graphql") {
    graphql(req, res).catch((error) => reply(res, 500, { errors: [{ message: String(error) }] }));
  } else if (req.method === "GET" && path === "/health") {
    driver
      .verifyConnectivity()
      .then(() => reply(res, 200, { status: "ok" }))
      .catch((error) => reply(res, 503, { status: String(error) }));
  } else {
    reply(res, 404, { errors: [{ message: "POST /graphql or GET /health" }] });
  }
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => console.error(`neo4j-graphql: listening on ${port}`));

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => driver.close().then(() => process.exit(0))));
}
