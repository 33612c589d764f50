"""Name keys and clean names: the ASCII fast path agrees with the general Unicode one."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from graph.keys import clean_name, name_key, unicode_clean_name, unicode_name_key

# Every ASCII character, control characters (some of which Python counts as whitespace) too.
ascii_text = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)


@given(ascii_text)
def test_ascii_names_are_cleaned_as_the_unicode_path_cleans_them(name: str) -> None:
    assert clean_name(name) == unicode_clean_name(name)
    assert name_key(name) == unicode_name_key(name)


def test_names_differing_in_case_spacing_and_unicode_form_share_a_key() -> None:
    assert name_key("  Data\tType ") == name_key("data type") == "data type"
    assert name_key("Caf\u00e9") == name_key("CAFE\u0301") == "caf\u00e9"
    assert clean_name(" a \x1f  b\n") == "a b"
    assert clean_name("Cafe\u0301\u2003x") == "Caf\u00e9 x"


def test_every_printable_ascii_character_survives_cleaning() -> None:
    kept = string.ascii_letters + string.digits + string.punctuation
    assert clean_name(kept) == kept
