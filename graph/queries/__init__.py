"""The GraphQL API's reads as Cypher: every statement the API sends is built here.

A request becomes Cypher in one place. `entities` is the whitelist (which GraphQL field is
which property or relationship pattern); `where`, `order` and `projection` compile filters,
sorts and selections against it; the modules named after a root field (`lists`, `search`,
`facets`, `coverage`, `neighbours`, `attribute_schema`) build that field's one statement.
User values only ever travel as parameters; names in the text come from the whitelist.
"""
