"""Helpers shared by the tests: the database guard, factories, subprocess runners."""
