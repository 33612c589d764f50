// The editor's operations: the contract's writes plus what editing needs beyond it (the
// version a write starts from, every problem of a refusal, the history). docs/api.md.

const REFUSAL = "... on ValidationError { field rule message problems { field rule message } currentVersion changes { field before after } }";

export const EditTechnique = `query EditTechnique($slug: String!) {
  technique(slug: $slug) {
    slug name description modelDependency exampleUseCase version
    primaryGoal { name }
    categories { name }
    subCategories { name }
    tags { name }
    attributes { type { name } value { name } }
  }
}`;

export const TAG_PAGE = 100;

export const Tags = `query Tags($offset: Int) {
  tags(sort: [{ name: ASC }], limit: ${TAG_PAGE}, offset: $offset) { name }
}`;

export const Vocabulary = `query Vocabulary {
  subCategories(sort: [{ name: ASC }]) { name categories { name } }
  modelDependencies
}`;

export const CreateModelDependency = `mutation EditorCreateModelDependency($name: String!) {
  createModelDependency(name: $name) { __typename ... on ModelDependency { name } ${REFUSAL} }
}`;

export const CreateTechnique = `mutation EditorCreate($input: TechniqueInput!) {
  createTechnique(input: $input) { __typename ... on Technique { slug version } ${REFUSAL} }
}`;

export const UpdateTechnique = `mutation EditorUpdate($slug: String!, $input: TechniqueInput!, $expectedVersion: Int) {
  updateTechnique(slug: $slug, input: $input, expectedVersion: $expectedVersion) {
    __typename ... on Technique { slug version } ${REFUSAL}
  }
}`;

export const DeleteTechnique = `mutation EditorDelete($slug: String!, $expectedVersion: Int) {
  deleteTechnique(slug: $slug, expectedVersion: $expectedVersion) { __typename ${REFUSAL} }
}`;

export const CreateTag = `mutation EditorCreateTag($name: String!) {
  createTag(name: $name) { __typename ... on Tag { name } ${REFUSAL} }
}`;

export const CreateSubCategory = `mutation EditorCreateSubCategory($name: String!, $categories: [String!]) {
  createSubCategory(name: $name, categories: $categories) { __typename ... on SubCategory { name } ${REFUSAL} }
}`;

export const History = `query History($slug: String!, $limit: Int, $offset: Int) {
  techniqueHistory(slug: $slug, limit: $limit, offset: $offset) {
    slug version deleted total
    entries { version at by action restoredFrom source changes { field before after } }
  }
}`;

export const RestoreVersion = `mutation RestoreVersion($slug: String!, $version: Int!, $expectedVersion: Int) {
  restoreTechniqueVersion(slug: $slug, version: $version, expectedVersion: $expectedVersion) {
    __typename ... on Technique { slug version } ${REFUSAL}
  }
}`;

export const RestoreTechnique = `mutation RestoreTechnique($slug: String!) {
  restoreTechnique(slug: $slug) { __typename ... on Technique { slug version } ${REFUSAL} }
}`;
