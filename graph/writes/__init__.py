"""The write side: each API mutation as named, parameterised Cypher run in one write
transaction, checked by graph/rules.py before anything is changed.

A refused write raises `WriteRefused` inside the transaction, so the transaction rolls back
and nothing it did is kept; the API turns the violations into typed `ValidationError`s.
"""
