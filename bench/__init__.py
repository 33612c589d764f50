"""The project's benchmarks (see docs/benchmarks.md)."""
