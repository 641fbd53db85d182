from tests.indicators.conftest import evaluation, from_survey  # noqa: F401
