"""json_shapes: what is wrong with a build's JSON file, said in a few words."""
from __future__ import annotations

import json

import pytest

from termsearch.index_layout import current_build
from termsearch.json_shapes import Items, Pair, Record, Table, mismatch, shape_of

TERM_LIKE = Record(id=str, line=int, year_=(int, type(None)), pairs_=Items(Pair(str, (int, float))))


@pytest.mark.parametrize("value, said", [
    ([], "it is a list, not an object"),
    ({"line": 3}, "id is missing"),
    ({"id": "a", "line": "3"}, "line is a string, not a number"),
    ({"id": "a", "line": True}, "line is true or false, not a number"),
    ({"id": "a", "line": 3, "year": "2024"}, "year is a string, not a number or null"),
    ({"id": "a", "line": 3, "pairs": [["x", 1], ["y"]]}, "pairs[1] is not a pair of a string and a number"),
])
def test_what_is_wrong_is_said_with_where(value, said):
    assert mismatch(value, TERM_LIKE) == said


def test_a_table_names_the_entry_that_is_wrong():
    assert mismatch({"a": [1], "b": 2}, Table(Items(int))) == "['b'] is a number, not a list"
    assert mismatch({"a": [1], "b": ["x"]}, Table(Items(int))) == "['b'][0] is a string, not a number"


def test_what_fits_is_never_called_wrong():
    assert mismatch({"id": "a", "line": 3, "year": None, "pairs": [["x", 0.5]]}, TERM_LIKE) is None
    assert mismatch({}, Table(str)) is None and mismatch([], Items(TERM_LIKE)) is None


def test_every_json_file_a_build_writes_fits_its_shape(small_index):
    build_dir = current_build(small_index)
    checked = 0
    for path in build_dir.rglob("*.json"):
        shape = shape_of(path.name)
        if shape is not None:
            assert mismatch(json.loads(path.read_text(encoding="utf-8")), shape) is None, path
            checked += 1
    assert checked >= 20
