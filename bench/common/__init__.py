"""What the benchmarks share: Neo4j instances of their own, the machine, measured runs."""
