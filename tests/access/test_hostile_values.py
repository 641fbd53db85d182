"""
Markup typed into any field a person controls is shown as text, never run. Every text of
every stored record (names, titles, question and survey texts in each language, options,
framework texts such as an indicator's unit, evidence file names, comments, quotes, report
sections, open answers...) is replaced by a hostile value, then every page is opened by
someone who may read it; a page fails if the payload became an element or an attribute.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.access.test_every_url import ALL_PATTERNS, EXPECTED, ROLES, samples
from tests.conftest import make_evaluation
from tests.surveys.respondent_helpers import make_survey, start, start_url

PAYLOAD = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(2)</script>"
LANGUAGES = {"fr", "nl", "en"}

# Texts the program itself uses as keys, addresses or settings: not free text.
NOT_FREE_TEXT = {
    "code",
    "key",
    "token",
    "public_token",
    "submission_key",
    "respondent_key",
    "password",
    "language",
    "colour",
    "version",
    "token_hash",
    "session_key",
}

# Who opens a page: the first role on this list that may.
READERS = ["enterprise_admin", "coach", "network_admin", "researcher"] + ROLES


def hostile(value):
    """The value with every multilingual text and every answer text made hostile."""
    if isinstance(value, dict):
        if value and set(value) <= LANGUAGES and all(isinstance(v, str) for v in value.values()):
            return dict.fromkeys(value, PAYLOAD + SCRIPT)
        return {key: hostile(item) for key, item in value.items()}
    if isinstance(value, list):
        return [hostile(item) for item in value]
    return value


def free_text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
            and not field.choices
            and not field.unique
            and field.name not in NOT_FREE_TEXT
            and not field.name.endswith(("_key", "_token", "_hash"))
        ):
            yield field


def poison_every_stored_text():
    """Every free text of every record of the project's apps, in place."""
    for model in _project_models():
        texts = list(free_text_fields(model))
        maps = [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        for record in model._default_manager.all():
            for field in texts:
                limit = field.max_length or 10_000
                value = (PAYLOAD + SCRIPT)[:limit] if limit >= len(PAYLOAD) else None
                if value and getattr(record, field.attname):
                    setattr(record, field.attname, value)
            for field in maps:
                value = getattr(record, field.attname)
                if field.name == "answers":  # a respondent's answers: open texts
                    value = {
                        k: PAYLOAD + SCRIPT if isinstance(v, str) else v for k, v in value.items()
                    }
                setattr(record, field.attname, hostile(value))
            # Straight to the table: the point is what pages do with what is stored.
            model._default_manager.filter(pk=record.pk).update(
                **{f.attname: getattr(record, f.attname) for f in texts + maps}
            )


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("vises.")]


class MarkupFinder(HTMLParser):
    """The elements and attributes a payload would have become."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or re.match(r"\s*javascript:", value or "", re.I):
                self.found.append(f"<{tag} {name}={value!r}>")


def assert_no_markup_from_data(text: str, where: str):
    finder = MarkupFinder()
    finder.feed(text)
    assert not finder.found, f"{where}: stored text became markup: {finder.found}"


ROUTES = {key: route for key, route, _params in ALL_PATTERNS}


def address(name: str, values: dict) -> str:
    return "/" + re.sub(r"<(\w+)>", lambda match: str(values[match.group(1)]), ROUTES[name])


def reader(name: str) -> str | None:
    rule = EXPECTED[name][1]
    return next((role for role in READERS if rule(role, "own") == "ok"), None)


# A survey's later pages need the visit that started it: the respondent's test walks them.
PAGES = [
    name for name in ROUTES if name in EXPECTED and "GET" in EXPECTED[name][0] and reader(name)
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


def seed_the_texts_samples_leave_out(world, values: dict):
    """What the team and coaches write around an evaluation, and an open answer, so that
    the pages that list them have some to show."""
    from vises.evaluations.models import AccompanimentSession, Comment, Evaluation, StepFeedback
    from vises.surveys.models import Response, Wave

    evaluation = (
        Evaluation.objects.get(pk=values["evaluation_id"])
        if "evaluation_id" in values
        else make_evaluation(world.enterprise)
    )
    Comment.objects.create(
        evaluation=evaluation, section="portrait", author=world.user("coach"), text="Bien."
    )
    AccompanimentSession.objects.create(
        evaluation=evaluation,
        coach=world.user("coach"),
        date=datetime.date(2026, 3, 1),
        duration_minutes=60,
        step=1,
        topics="Question",
        notes="Notes.",
    )
    StepFeedback.objects.create(
        evaluation=evaluation, step=1, usefulness=4, difficulty=2, helped="Oui.", missing="Non."
    )
    for wave in Wave.objects.filter(survey__evaluation=evaluation):
        Response.objects.create(
            wave=wave, answers={"why": "Parce que."}, language="fr", submission_key="open"
        )


@pytest.mark.parametrize("name", PAGES)
def test_stored_markup_is_shown_as_text_on_every_page(client, world, name):
    role = reader(name)
    values = samples(world, name, "own")
    seed_the_texts_samples_leave_out(world, values)
    poison_every_stored_text()
    url = address(name, values)
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(url)
    assert response.status_code in (200, 302), f"GET {url} as {role}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html"):
        assert_no_markup_from_data(response.text, f"GET {url} as {role}")


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_respondent_sees_hostile_survey_texts_as_text(client, world, language):
    survey = make_survey(world.enterprise)
    poison_every_stored_text()
    survey.refresh_from_db()
    first = client.get(start_url(survey))
    assert_no_markup_from_data(first.text, "the survey's first page")
    page = client.get(start(client, survey, language=language)["Location"])
    assert page.status_code == 200
    assert PAYLOAD in page.content.decode().replace("&quot;", '"').replace("&lt;", "<").replace(
        "&gt;", ">"
    ), "the question texts are on the page, as text"
    assert_no_markup_from_data(page.text, f"the survey's first questions in {language}")


def test_an_indicator_unit_and_an_evidence_name_are_shown_as_text(client, world):
    values = samples(world, "evaluation_indicator_value_edit", "own")
    poison_every_stored_text()
    client.force_login(world.user("enterprise_admin"))
    page = client.get(address("evaluation_indicator_value_edit", values)).text
    assert_no_markup_from_data(page, "the indicator value form")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("kind", ["bars", "lines"])
def test_a_chart_of_hostile_texts_draws_them_as_text(kind):
    from vises.reports.charts import Chart, Series, svg

    hostile_text = PAYLOAD + SCRIPT
    chart = Chart(
        kind=kind,
        title=hostile_text,
        categories=(hostile_text, "Non"),
        series=(Series(name=hostile_text, values=(3.0, 4.0)),),
        unit=hostile_text,
        value_axis=hostile_text,
        source=hostile_text,
        description=hostile_text,
    )
    assert_no_markup_from_data(svg(chart), "a chart")


def test_an_enterprise_website_must_be_a_web_address(client, world):
    client.force_login(world.user("enterprise_admin"))
    url = reverse("enterprise_edit", args=[world.enterprise.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    sent = client.post(url, data | {"website": "javascript:alert(1)"})
    assert sent.status_code == 200
    assert "website" in sent.context["form"].errors
    world.enterprise.refresh_from_db()
    assert not world.enterprise.website.startswith("javascript")
