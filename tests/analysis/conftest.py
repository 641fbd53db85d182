from tests.indicators.conftest import counted, evaluation, from_survey  # noqa: F401
