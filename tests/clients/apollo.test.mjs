// Apollo Client 4 with a plain InMemoryCache (no typePolicies): pages through fetchMore, and a
// mutation whose answer updates every view of the technique, by the objects' `id`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { API_URL, EDITOR_TOKEN, post } from "./contract.mjs";

const LIST = gql`
  query TechniqueList($where: TechniqueWhere, $sort: [TechniqueSort!], $first: Int, $after: String) {
    techniquesConnection(where: $where, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id slug name primaryGoal { id name } tags { id name } } }
    }
  }
`;
const DETAIL = gql`
  query TechniqueDetail($slug: String!) {
    technique(slug: $slug) {
      id slug name description
      goals { id name }
      attributes { id type { id name } value { id name } }
    }
  }
`;
const UPDATE = gql`
  mutation UpdateTechnique($slug: String!, $input: TechniqueInput!) {
    updateTechnique(slug: $slug, input: $input) {
      __typename
      ... on Technique { id slug name description }
      ... on ValidationError { field rule message }
    }
  }
`;
const SORT = { sort: [{ name: "ASC" }] };
const PAGE = 5;

function newClient() {
  const headers = { authorization: `Bearer ${EDITOR_TOKEN}` };
  return new ApolloClient({ link: new HttpLink({ uri: API_URL, headers }), cache: new InMemoryCache() });
}

// fetchMore without a field policy: the new page is appended in updateQuery, Apollo's way
// when no typePolicies are written.
function appendPage(previous, { fetchMoreResult }) {
  const before = previous.techniquesConnection;
  const page = fetchMoreResult.techniquesConnection;
  return { techniquesConnection: { ...page, edges: [...before.edges, ...page.edges] } };
}

// The watched query's results as they come, and a way to wait for one that satisfies a test
// (a fetchMore's merged page reaches watchers after fetchMore itself resolves).
function watch(observable) {
  const waiting = [];
  let latest;
  const subscription = observable.subscribe({
    next: (result) => {
      if (result.dataState !== "complete") return;
      latest = result.data;
      for (const waiter of waiting.splice(0)) {
        if (waiter.test(latest)) waiter.resolve(latest);
        else waiting.push(waiter);
      }
    },
    error: (error) => waiting.splice(0).forEach((waiter) => waiter.reject(error)),
  });
  return {
    until: (test) =>
      latest !== undefined && test(latest)
        ? Promise.resolve(latest)
        : new Promise((resolve, reject) => waiting.push({ test, resolve, reject })),
    stop: () => subscription.unsubscribe(),
  };
}

const edgesOf = (data) => data.techniquesConnection.edges;

test("three fetchMore pages on techniquesConnection add up to the list, in order", { timeout: 120_000 }, async () => {
  const client = newClient();
  const list = client.watchQuery({ query: LIST, variables: { ...SORT, first: PAGE } });
  const results = watch(list);
  let shown = await results.until((data) => edgesOf(data).length === PAGE);
  for (let page = 2; page <= 4; page++) {
    const { endCursor } = shown.techniquesConnection.pageInfo;
    await list.fetchMore({ variables: { after: endCursor }, updateQuery: appendPage });
    shown = await results.until((data) => edgesOf(data).length === page * PAGE);
  }
  const slugs = edgesOf(shown).map((edge) => edge.node.slug);
  const whole = await post(LIST.loc.source.body, { ...SORT, first: 4 * PAGE });
  assert.deepEqual(slugs, edgesOf(whole).map((edge) => edge.node.slug));
  assert.equal(new Set(slugs).size, 4 * PAGE);
  results.stop();
  client.stop();
});

test("a mutation's answer updates the list and the detail held in the cache", { timeout: 120_000 }, async () => {
  const client = newClient();
  const list = await client.query({ query: LIST, variables: { ...SORT, first: PAGE } });
  const { slug, name } = list.data.techniquesConnection.edges[0].node;
  const detail = await client.query({ query: DETAIL, variables: { slug } });
  const description = detail.data.technique.description;
  const changed = { name: `${name} (renamed)`, description: `${description} Changed.` };
  try {
    const result = await client.mutate({ mutation: UPDATE, variables: { slug, input: changed } });
    assert.equal(result.data.updateTechnique.__typename, "Technique");
    // No refetch, no update function: the cache matched the answer's id to both views.
    const cachedList = client.readQuery({ query: LIST, variables: { ...SORT, first: PAGE } });
    const cachedDetail = client.readQuery({ query: DETAIL, variables: { slug } });
    const entry = cachedList.techniquesConnection.edges.find((e) => e.node.slug === slug);
    assert.equal(entry.node.name, changed.name);
    assert.equal(cachedDetail.technique.name, changed.name);
    assert.equal(cachedDetail.technique.description, changed.description);
    // Objects of every type are keyed: the detail's attribute values are cache entries.
    const extracted = client.cache.extract();
    const value = cachedDetail.technique.attributes[0].value;
    assert.ok(extracted[client.cache.identify(value)], "AttributeValue is normalised");
  } finally {
    await post(UPDATE.loc.source.body, { slug, input: { name, description } }, {
      authorization: `Bearer ${EDITOR_TOKEN}`,
    });
    client.stop();
  }
});
