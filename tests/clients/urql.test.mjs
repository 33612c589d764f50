// urql (@urql/core with its document cache) against the API, as a frontend would use it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cacheExchange, createClient, fetchExchange } from "@urql/core";
import { API_URL, operation, post } from "./contract.mjs";

const client = createClient({ url: API_URL, exchanges: [cacheExchange, fetchExchange] });
const LIST = operation("TechniqueList");
const FAIRNESS = { where: { goals: { some: { name: { eq: "Fairness" } } } }, sort: [{ name: "ASC" }] };

test("the contract's TechniqueList answers through urql", { timeout: 120_000 }, async () => {
  const result = await client.query(LIST, { ...FAIRNESS, first: 5 }).toPromise();
  assert.equal(result.error, undefined);
  const page = result.data.techniquesConnection;
  assert.equal(page.edges.length, 5);
  assert.ok(page.totalCount > 5);
  assert.equal(page.pageInfo.hasNextPage, true);
  for (const { node } of page.edges) {
    assert.ok(node.goals.some((goal) => goal.name === "Fairness"), node.slug);
  }
});

test("the next page through urql continues the first where it ended", { timeout: 120_000 }, async () => {
  const first = (await client.query(LIST, { ...FAIRNESS, first: 4 }).toPromise()).data;
  const after = first.techniquesConnection.pageInfo.endCursor;
  const next = (await client.query(LIST, { ...FAIRNESS, first: 4, after }).toPromise()).data;
  const whole = await post(LIST, { ...FAIRNESS, first: 8 });
  const slugs = (data) => data.techniquesConnection.edges.map((edge) => edge.node.slug);
  assert.deepEqual([...slugs(first), ...slugs(next)], slugs(whole));
  assert.equal(new Set([...slugs(first), ...slugs(next)]).size, 8);
});
