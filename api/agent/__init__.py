"""The catalog for AI agents: Model Context Protocol tools over the graph layer (`catalog mcp`)."""
