"""GraphQL input types: filters (`where`) and sorts, named as @neo4j/graphql 7 names them."""
