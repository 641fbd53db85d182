import pytest
from django.utils import translation

from tests.conftest import example_framework_text


@pytest.fixture
def example_text() -> str:
    """The complete small example of docs/framework-format.md, which must stay valid."""
    return example_framework_text()


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; other tests check their translations."""
    with translation.override("en"):
        yield
