// The frontend's contract (api/contract/operations.graphql), operation by operation, verbatim.
// tests/e2e/test_contract_copy.py fails when this file and the contract disagree.

export const TechniqueList = `query TechniqueList($where: TechniqueWhere, $sort: [TechniqueSort!], $first: Int, $after: String) {
  techniquesConnection(where: $where, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        slug
        name
        modelDependency
        primaryGoal { name }
        goals { name }
        categories { name goals { name } }
        subCategories { name }
        tags { name }
        attributes { type { name } value { name } }
      }
    }
  }
}`;

export const TechniqueNames = `query TechniqueNames($where: TechniqueWhere, $sort: [TechniqueSort!], $limit: Int, $offset: Int) {
  techniques(where: $where, sort: $sort, limit: $limit, offset: $offset) { slug name }
}`;

export const TechniqueDetail = `query TechniqueDetail($slug: String!) {
  technique(slug: $slug) {
    slug
    name
    description
    modelDependency
    exampleUseCase
    primaryGoal { name }
    goals { name description }
    categories { name goals { name } }
    subCategories { name categories { name } }
    tags { name parent { name } }
    attributes { type { name multiValued } value { name } }
    related { type technique { slug name } }
  }
}`;

export const Search = `query Search($phrase: String!, $where: TechniqueWhere, $limit: Int) {
  searchTechniques(phrase: $phrase, where: $where, limit: $limit) {
    score
    technique { slug name }
  }
}`;

export const Facets = `query Facets($where: TechniqueWhere) {
  techniqueFacets(where: $where) {
    total
    goals { name count }
    categories { name count }
    tags { name count }
    modelDependencies { name count }
    attributes { type values { name count } }
  }
}`;

export const AttributeSchema = `query AttributeSchema($goals: [String!]!) {
  attributeSchema(goals: $goals) {
    name
    multiValued
    appliesToAll
    applicableGoals { name }
    values { name }
  }
}`;

export const Taxonomy = `query Taxonomy {
  goals(sort: [{ name: ASC }]) {
    name
    categories(sort: [{ name: ASC }]) { name subCategories { name } }
  }
  attributeTypes(sort: [{ name: ASC }]) { name appliesToAll applicableGoals { name } values { name } }
}`;

export const Coverage = `query Coverage {
  coverage {
    cells { goal category techniqueCount }
    crossGoalTechniques { slug goals { name } }
  }
}`;

export const Related = `query Related($slug: String!, $maxHops: Int) {
  relatedTechniques(slug: $slug, maxHops: $maxHops) { slug name }
}`;

export const Compare = `query Compare($slugs: [String!]!) {
  compareTechniques(slugs: $slugs) {
    techniques { slug name }
    sharedGoals { name }
    sharedTags { name }
    sharedAttributes { type { name } value { name } }
  }
}`;

export const CreateTechnique = `mutation CreateTechnique($input: TechniqueInput!) {
  createTechnique(input: $input) {
    __typename
    ... on Technique { slug name goals { name } attributes { type { name } value { name } } }
    ... on ValidationError { field rule message }
  }
}`;

export const UpdateTechnique = `mutation UpdateTechnique($slug: String!, $input: TechniqueInput!) {
  updateTechnique(slug: $slug, input: $input) {
    __typename
    ... on Technique { slug name }
    ... on ValidationError { field rule message }
  }
}`;

export const DeleteTechnique = `mutation DeleteTechnique($slug: String!) {
  deleteTechnique(slug: $slug) { __typename ... on Deleted { slug } ... on ValidationError { field rule message } }
}`;

export const CreateGoal = `mutation CreateGoal($name: String!, $description: String!) {
  createGoal(name: $name, description: $description) { __typename ... on Goal { name } ... on ValidationError { field rule message } }
}`;

export const LinkCategory = `mutation LinkCategory($category: String!, $goal: String!) {
  linkCategoryToGoal(category: $category, goal: $goal) { __typename ... on Category { name goals { name } } ... on ValidationError { field rule message } }
}`;

export const CreateAttributeType = `mutation CreateAttributeType($input: AttributeTypeInput!) {
  createAttributeType(input: $input) {
    __typename
    ... on AttributeType { name multiValued appliesToAll applicableGoals { name } values { name } }
    ... on ValidationError { field rule message }
  }
}`;

export const AddAttributeValue = `mutation AddAttributeValue($type: String!, $name: String!) {
  addAttributeValue(type: $type, name: $name) { __typename ... on AttributeValue { name type { name } } ... on ValidationError { field rule message } }
}`;
