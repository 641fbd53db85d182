import pytest

from tests.conftest import make_evaluation


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files go to a temporary folder through the real storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def evaluation(world):
    """An evaluation whose plan follows a counted indicator of the framework, one computed
    from a survey, and an own qualitative indicator."""
    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(
        text="Comment notre accompagnement renforce-t-il la confiance ?",
        themes=["individuals"],
        is_main=True,
    )
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    row.indicators.create(code="people_supported", baseline=10, target=15, period="2027")
    row.indicators.create(code="confident_share", baseline=40, target=60)
    row.indicators.create(name="Regard du quartier", qualitative=True)
    return evaluation


@pytest.fixture
def counted(evaluation):
    return evaluation.plan_rows.get().indicators.get(code="people_supported")


@pytest.fixture
def from_survey(evaluation):
    return evaluation.plan_rows.get().indicators.get(code="confident_share")


@pytest.fixture
def qualitative(evaluation):
    return evaluation.plan_rows.get().indicators.get(qualitative=True)
