// The operations the browsing views send beyond the frontend's contract (./operations.js):
// a page of techniques by offset with what a card shows, a page of search hits with
// highlights and their total, facets over a search, and techniques side by side.

const CARD = `slug name description goals { name } modelDependency attributes { type { name } value { name } }`;

export const ListPage = `query ListPage($where: TechniqueWhere, $sort: [TechniqueSort!], $limit: Int, $offset: Int) {
  techniques(where: $where, sort: $sort, limit: $limit, offset: $offset) { ${CARD} }
}`;

export const SearchPage = `query SearchPage($phrase: String!, $where: TechniqueWhere, $limit: Int, $offset: Int) {
  techniqueSearch(phrase: $phrase, where: $where, limit: $limit, offset: $offset) {
    totalCount
    hits {
      score
      technique { ${CARD} }
      highlightedName { parts { text highlighted } }
      snippet(length: 200) { parts { text highlighted } }
    }
  }
}`;

export const SearchFacets = `query SearchFacets($where: TechniqueWhere, $phrase: String) {
  techniqueFacets(where: $where, phrase: $phrase) {
    total
    goals { name count }
    categories { name count }
    tags { name count }
    modelDependencies { name count }
    attributes { type values { name count } }
  }
}`;

export const CompareSideBySide = `query CompareSideBySide($slugs: [String!]!) {
  compareTechniques(slugs: $slugs) {
    techniques {
      slug name description modelDependency
      primaryGoal { name } goals { name } categories { name } tags { name }
      attributes { type { name } value { name } }
    }
    sharedGoals { name }
    sharedTags { name }
    sharedAttributes { type { name } value { name } }
  }
}`;
