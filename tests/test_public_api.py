"""The public Python API (`import termsearch`): every name in __all__ is there, documented and
typed, and the examples in its docstring run as written."""
from __future__ import annotations

import doctest
import inspect

import termsearch


def test_the_docstring_examples_run_as_written():
    # One build of a two-entry report in a temporary folder, then searches over it.
    results = doctest.testmod(termsearch, optionflags=doctest.ELLIPSIS, report=True)
    assert results.attempted >= 15
    assert results.failed == 0


def test_every_public_name_imports_and_is_documented():
    assert "__version__" in termsearch.__all__
    for name in termsearch.__all__:
        value = getattr(termsearch, name)
        assert name in dir(termsearch)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"termsearch.{name} has no docstring"
        if inspect.isfunction(value):
            hints = inspect.signature(value)
            assert hints.return_annotation is not inspect.Signature.empty, f"termsearch.{name} has no return type"


def test_an_unknown_name_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        termsearch.nothing_here
