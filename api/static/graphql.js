// A GraphQL client in twenty lines: POST the operation, return `data`, throw on `errors`.
// Writes carry the token the user typed (kept in sessionStorage, gone with the tab).

const TOKEN_KEY = "catalog.token";

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
  }
}

export async function request(operation, variables = {}, { auth = false } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (auth && getToken()) headers.Authorization = `Bearer ${getToken()}`;
  const response = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ query: operation, variables }),
  });
  const body = await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }));
  if (body.errors?.length) throw new GraphQLError(body.errors);
  if (!response.ok) throw new GraphQLError([{ message: `HTTP ${response.status}` }]);
  return body.data;
}
