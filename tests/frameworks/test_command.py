import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.test_bounded_yaml import BILLION_LAUGHS, DEEP
from vises.frameworks import store
from vises.frameworks.models import Framework, FrameworkVersion

BROKEN = Path(__file__).parent / "broken"


def framework(*args, capsys=None):
    call_command("framework", "--language", "en", *args)
    return capsys.readouterr() if capsys else None


@pytest.fixture
def example_file(tmp_path, example_text):
    path = tmp_path / "example.yaml"
    path.write_text(example_text, encoding="utf-8")
    return path


def test_validate_accepts_the_default(capsys):
    output = framework("validate", str(store.DEFAULT_FILE), capsys=capsys)
    assert "is a valid framework" in output.out


def test_validate_lists_located_problems_and_fails(capsys):
    path = BROKEN / "unknown_theme.yaml"
    with pytest.raises(CommandError):
        framework("validate", str(path))
    err = capsys.readouterr().err
    assert f"{path}:48: error: evaluative_questions[0].themes[1]" in err


def test_load_stores_a_published_version_once(db, example_file, capsys):
    assert "Stored example v1." in framework("load", str(example_file), capsys=capsys).out
    assert "already stored" in framework("load", str(example_file), capsys=capsys).out
    version = FrameworkVersion.objects.get()
    assert (version.framework.code, version.version, version.status) == ("example", 1, "published")


def test_load_refuses_a_changed_document_under_a_published_number(db, example_file, capsys):
    framework("load", str(example_file))
    example_file.write_text(example_file.read_text().replace("Exemple", "Autre"))
    with pytest.raises(CommandError):
        framework("load", str(example_file))
    assert "cannot change" in capsys.readouterr().err
    assert FrameworkVersion.objects.get().title["fr"] == "Exemple"


def test_load_of_a_broken_file_stores_nothing(db, capsys):
    with pytest.raises(CommandError, match="Nothing was stored"):
        framework("load", str(BROKEN / "formula_cycle.yaml"))
    assert not Framework.objects.exists()


def test_list_and_dump(db, example_file, tmp_path, capsys):
    framework("load", str(example_file), capsys=capsys)
    listed = framework("list", capsys=capsys).out
    assert listed.splitlines() == ["example\t1\tpublished\tExample"]
    out = tmp_path / "out.yaml"
    framework("dump", "example", "--version", "1", "-o", str(out))
    assert "self_confidence" in out.read_text()
    with pytest.raises(CommandError, match="No framework missing"):
        framework("dump", "missing")


def test_dump_of_the_loaded_default_equals_the_file(db, capsys):
    store.load_default()
    dumped = framework("dump", "vises-default", capsys=capsys).out
    assert dumped == store.DEFAULT_FILE.read_text(encoding="utf-8")


def test_command_exits_non_zero_and_speaks_the_terminal_language(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vises.cli",
            "framework",
            "validate",
            str(BROKEN / "wrong_type.yaml"),
        ],
        capture_output=True,
        text=True,
        env={"VISES_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "fr_BE.UTF-8"},
    )
    assert result.returncode != 0
    assert "erreur" in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        (BILLION_LAUGHS, "bomb.yaml:6: error: /: the values and what its aliases repeat exceed"),
        (DEEP, "bomb.yaml:1: error: /: lists and maps are nested more than 40 levels deep"),
    ],
    ids=["billion-laughs", "deep"],
)
def test_load_refuses_yaml_bombs_within_a_second_with_file_and_line(
    db, tmp_path, capsys, content, message
):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(content, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(CommandError, match="Nothing was stored"):
        framework("load", str(bomb))
    assert time.perf_counter() - started < 1
    assert f"{tmp_path}/{message}" in capsys.readouterr().err
    assert not Framework.objects.exists()


def test_load_refuses_a_20_megabyte_file_before_reading_it(db, tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: " + "x" * (20 * 1024 * 1024), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(CommandError) as caught:
        framework("load", str(bomb))
    assert time.perf_counter() - started < 1
    assert str(caught.value).replace("\xa0", " ") == (
        f"{bomb}: the file holds 20.0 MB; a file to import may hold at most 2.0 MB"
    )
    assert not Framework.objects.exists()
