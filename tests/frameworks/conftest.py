import re
from pathlib import Path

import pytest
from django.utils import translation

DOCS = Path(__file__).resolve().parents[2] / "docs" / "framework-format.md"


@pytest.fixture
def example_text() -> str:
    """The complete small example of docs/framework-format.md, which must stay valid."""
    return re.search(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S).group(1)


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; other tests check their translations."""
    with translation.override("en"):
        yield
