// The frontend's contract operations (api/contract/operations.graphql), each as a document of
// its own, and where the server under test is (set by tests/clients/test_node_clients.py).
import { readFileSync } from "node:fs";
import { parse, print } from "graphql";

const CONTRACT = new URL("../../api/contract/operations.graphql", import.meta.url);

export const API_URL = process.env.CATALOG_API_URL;
export const EDITOR_TOKEN = process.env.CATALOG_EDITOR_TOKEN;
if (!API_URL) throw new Error("CATALOG_API_URL is not set: run these through pytest");

export function operation(name) {
  const document = parse(readFileSync(CONTRACT, "utf8"));
  const found = document.definitions.find((d) => d.name?.value === name);
  if (!found) throw new Error(`the contract has no operation ${name}`);
  return print(found);
}

// The same question asked with plain fetch: what the clients' pages must add up to.
export async function post(query, variables, headers = {}) {
  const answer = await fetch(API_URL, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await answer.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
