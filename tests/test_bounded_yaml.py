"""Imported YAML is read within bounds: bombs are refused at once, with where."""

import time

import pytest
from django.test import override_settings
from django.utils import translation

from vises import bounded_yaml

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
DEEP = "[" * 500 + "]" * 500


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(text: str) -> bounded_yaml.LimitExceeded:
    started = time.perf_counter()
    with pytest.raises(bounded_yaml.LimitExceeded) as caught:
        bounded_yaml.load(text)
    assert time.perf_counter() - started < 1
    return caught.value


def test_billion_laughs_under_a_kilobyte_is_refused_at_once_with_its_line():
    assert len(BILLION_LAUGHS) < 1024
    error = refused(BILLION_LAUGHS)
    assert "exceed 200000 values" in error.message
    assert error.line is not None and 3 <= error.line <= 9


def test_hundreds_of_nested_brackets_are_refused_without_a_recursion_error():
    error = refused(DEEP)
    assert error.message == "lists and maps are nested more than 40 levels deep"
    assert error.line == 1


def test_too_many_aliases_are_refused():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    assert "more than 100 aliases" in refused(text).message


def test_an_alias_inside_the_value_it_names_is_refused():
    assert refused("a: &loop [1, *loop]\n").message == (
        "the alias *loop stands inside the value it names"
    )


@override_settings(VISES_IMPORT_MAX_BYTES=1024 * 1024)
def test_a_file_past_the_size_limit_is_refused_before_parsing():
    error = refused("a: " + "x" * (20 * 1024 * 1024) + "\n")
    assert error.message.replace("\xa0", " ") == (
        "the file holds 20.0 MB; a file to import may hold at most 1.0 MB"
    )


def test_ordinary_yaml_and_a_few_aliases_still_load():
    text = "scale: &scale [1, 2, 3]\nitems:\n  - {name: a, scale: *scale}\n  - {scale: *scale}\n"
    data = bounded_yaml.load(text)
    assert data["items"][1]["scale"] == [1, 2, 3]
    assert bounded_yaml.load("") is None
