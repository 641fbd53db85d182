"""A small survey to answer, and a respondent's steps through its pages."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_evaluation
from vises.surveys.models import Survey

YES_NO = [
    {"value": "yes", "label": {"fr": "Oui", "nl": "Ja", "en": "Yes"}},
    {"value": "no", "label": {"fr": "Non", "nl": "Nee", "en": "No"}},
]
AGREE = [
    {"value": n, "label": {"fr": f"Accord {n}", "nl": f"Eens {n}", "en": f"Agree {n}"}}
    for n in range(1, 6)
]
IF_WORKING = {"combine": "all", "rules": [{"question": "working", "op": "equals", "value": "yes"}]}


def make_survey(enterprise, languages=("fr", "nl", "en"), **fields) -> Survey:
    """Three pages: "working" (with "hours" shown if working); "job", a page shown only
    if working; "confident" (required scale) and "comment"."""
    survey = Survey.objects.create(
        evaluation=make_evaluation(enterprise),
        title={"fr": "Votre parcours", "nl": "Uw traject", "en": "Your path"},
        languages=list(languages),
        intro={"fr": "Quelques questions.", "nl": "Enkele vragen.", "en": "A few questions."},
        consent={
            "fr": "Vos réponses restent anonymes.",
            "nl": "Uw antwoorden blijven anoniem.",
            "en": "Your answers stay anonymous.",
        },
        thanks={"fr": "Merci beaucoup !", "nl": "Hartelijk dank!", "en": "Many thanks!"},
        public_link_open=True,
        **fields,
    )
    you = survey.sections.create(title={"fr": "Vous", "nl": "U", "en": "You"}, position=0)
    job = survey.sections.create(title={"fr": "Emploi", "nl": "Werk", "en": "Work"}, position=1)
    future = survey.sections.create(
        title={"fr": "Avenir", "nl": "Toekomst", "en": "Future"}, position=2
    )
    add = survey.questions.create
    add(
        section=you,
        position=0,
        code="working",
        kind="single_choice",
        required=True,
        options=YES_NO,
        text={"fr": "Avez-vous un emploi ?", "nl": "Heeft u werk?", "en": "Do you have a job?"},
    )
    add(
        section=you,
        position=1,
        code="hours",
        kind="number",
        minimum=0,
        maximum=60,
        integer_only=True,
        condition=IF_WORKING,
        text={"fr": "Combien d'heures ?", "nl": "Hoeveel uren?", "en": "How many hours?"},
    )
    add(
        section=job,
        position=0,
        code="job",
        kind="short_text",
        condition=IF_WORKING,
        text={"fr": "Quel emploi ?", "nl": "Welk werk?", "en": "Which job?"},
    )
    add(
        section=future,
        position=0,
        code="confident",
        kind="scale",
        scale="agree5",
        required=True,
        options=AGREE,
        text={
            "fr": "Je suis confiant.",
            "nl": "Ik heb vertrouwen.",
            "en": "I feel confident.",
        },
    )
    add(
        section=future,
        position=1,
        code="comment",
        kind="long_text",
        text={"fr": "Un commentaire ?", "nl": "Opmerkingen?", "en": "Any comment?"},
    )
    open_wave(survey)
    return survey


def open_wave(survey, label="2026", days_ago=1):
    today = timezone.localdate()
    return survey.waves.create(
        label=label,
        opens_on=today - timedelta(days=days_ago),
        closes_on=today + timedelta(days=30),
    )


def start_url(survey):
    return reverse("survey_respond", args=[survey.public_token])


def page_url(survey, page):
    return reverse("survey_respond_page", args=[survey.public_token, page])


def shown_codes(html: str) -> list[str]:
    return re.findall(r'name="@shown" value="([^"]+)"', html)


def start(client, survey, language="fr", code=None):
    url = reverse("survey_respond_code", args=[code]) if code else start_url(survey)
    assert client.get(url).status_code == 200
    return client.post(url, {"@language": language, "@consent": "yes"})


def answer(client, survey, page, nav="next", **data):
    """Open the page, then send `data` with the questions it showed."""
    shown = shown_codes(client.get(page_url(survey, page)).text)
    return client.post(page_url(survey, page), {**data, "@shown": shown, "@nav": nav})
