"""The evaluation's navigation: on every page of an evaluation, the same sections, each
offered to exactly those who may open it."""

import re

import pytest
from django.urls import reverse

from tests.access.test_every_url import EXPECTED, samples, url_patterns
from tests.conftest import make_evaluation
from vises.accounts.models import User
from vises.evaluations import navigation

ROLES = ["enterprise_admin", "enterprise_member", "coach", "network_admin", "researcher"]
ROLES += ["outsider"]
NAV = re.compile(r'<nav class="evaluation-nav[^"]*"[^>]*>(.*?)</nav>', re.S)


def nav_links(html: str) -> list[str]:
    """The addresses the evaluation's navigation offers on a page, none if it has none."""
    found = NAV.search(html)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


def section_pages(evaluation, question) -> dict[str, str]:
    pages = {
        section: reverse(name, args=[evaluation.pk]) for section, name in navigation.URLS.items()
    }
    pages["findings"] = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    return pages


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files of the samples go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def evaluation(world):
    evaluation = make_evaluation(world.enterprise)
    evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[], is_main=True)
    return evaluation


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_shows_each_role_exactly_the_sections_it_may_open(
    client, world, evaluation, role
):
    client.force_login(world.user(role))
    pages = section_pages(evaluation, evaluation.questions.get())
    may_open = {section for section, url in pages.items() if client.get(url).status_code == 200}
    sections = {url: section for section, url in pages.items()}
    for url in pages.values():
        response = client.get(url)
        if response.status_code != 200:
            continue
        shown = nav_links(response.text)
        assert {sections[link] for link in shown} == may_open, url
        assert len(shown) == len(may_open)
    assert set(navigation.SECTIONS) == set(pages)


@pytest.mark.parametrize(
    ("role", "sections"),
    [
        ("enterprise_admin", set(navigation.SECTIONS)),
        ("enterprise_member", set(navigation.SECTIONS) - {"export"}),
        ("researcher", set()),
        ("outsider", set()),
    ],
)
def test_what_the_team_and_strangers_are_offered(client, world, evaluation, role, sections):
    client.force_login(world.user(role))
    response = client.get(reverse("evaluation_detail", args=[evaluation.pk]))
    pages = section_pages(evaluation, evaluation.questions.get())
    shown = {section for section, url in pages.items() if url in nav_links(response.text)}
    assert shown == sections


def test_a_coach_reads_the_evaluation_but_is_not_offered_its_export(client, world, evaluation):
    client.force_login(world.user("coach"))
    page = client.get(reverse("evaluation_detail", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    shown = nav_links(page.text)
    assert reverse("evaluation_reports", args=[evaluation.pk]) in shown
    assert reverse("evaluation_export", args=[evaluation.pk]) not in shown
    assert 'aria-current="page">Journey</a>' in page.text


def test_the_labels_are_escaped_and_the_navigation_named_in_the_readers_language(
    client, world, evaluation
):
    admin = world.user("enterprise_admin")
    User.objects.filter(pk=admin.pk).update(preferred_language="fr")
    client.force_login(admin)
    page = client.get(reverse("evaluation_portrait_summary", args=[evaluation.pk])).text
    assert '<nav class="evaluation-nav no-print" aria-label="Évaluation">' in page
    assert ">Plan d&#x27;amélioration</a></li>" in page
    portrait = reverse("evaluation_portrait_summary", args=[evaluation.pk])
    assert f'<li><a href="{portrait}" aria-current="page">Portrait</a></li>' in page


def test_findings_lead_to_the_questions_until_there_is_one(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    links = navigation.links(world.user("enterprise_member"), evaluation)
    findings = next(link for link in links if link.section == "findings")
    assert findings.url == reverse("evaluation_questions", args=[evaluation.pk])


# Pages of an evaluation that are not screens of it: files, fragments, print-outs.
NOT_SCREENS = {
    "evaluation_report_download",
    "evaluation_report_renditions",  # a fragment the report page polls
    "evaluation_indicator_evidence",
    "evaluation_export_file",
    "survey_responses_csv",
    "survey_responses_xlsx",
    "survey_import_template",
    "survey_xlsform",
    "survey_paper",  # the questionnaire to print
    "qualitative_method_guide",  # the guide to print
    "qualitative_document_source",
    "qualitative_document_recording",
    "qualitative_export_project",
    "qualitative_export_codebook",
}


def evaluation_screens():
    for name, route, params in url_patterns():
        methods = EXPECTED.get(name, ((),))[0]
        if "evaluation_id" in params and "GET" in methods and name not in NOT_SCREENS:
            yield pytest.param(name, route, id=name)


@pytest.mark.parametrize(("name", "route"), list(evaluation_screens()))
def test_every_screen_of_an_evaluation_carries_its_navigation(client, world, name, route):
    values = samples(world, name, "own")
    url = "/" + re.sub(r"<(\w+)>", lambda match: str(values[match.group(1)]), route)
    rule = EXPECTED[name][1]
    # Its admin opens most screens; the coach's own (logging a session) too.
    role = next(r for r in ("enterprise_admin", "coach") if rule(r, "own") == "ok")
    client.force_login(world.user(role))
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html")
    links = nav_links(response.text)
    assert reverse("evaluation_detail", args=[values["evaluation_id"]]) in links, url
    for link in links:
        assert client.get(link).status_code == 200, f"{link}, offered on {url}"
