from tests.interpretation.conftest import answered, evaluation, from_survey, survey  # noqa: F401
