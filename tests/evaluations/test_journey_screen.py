"""The journey screen: each part's comments counted, what is shared and the surveys, read
by statements built once per process that must still follow every change."""

from django.urls import reverse

from tests.conftest import make_evaluation
from vises.evaluations import accompaniment
from vises.evaluations.models import SharingConsent, SharingLevel
from vises.surveys.models import Survey


def comments_of(page) -> dict[str, int]:
    """The number of comments each sub-step of the screen shows, by its thread."""
    steps = page.context["steps"]
    return {s.section: s.comments for step in steps for s in step.substeps if s.section}


def test_the_screen_follows_comments_sharing_and_surveys_as_they_change(client, world):
    evaluation, other = make_evaluation(world.enterprise), make_evaluation(world.enterprise)
    member = world.user("enterprise_member")
    client.force_login(member)
    detail = reverse("evaluation_detail", args=[evaluation.pk])
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="en")
    assert set(comments_of(page).values()) == {0}
    assert page.context["sharing_level"] == SharingLevel.NOTHING
    assert page.context["surveys"] == []

    for section in ["portrait", "portrait", "plan", "general"]:
        accompaniment.add_comment(evaluation, section, member, "Une remarque")
    accompaniment.add_comment(other, "stakeholders", member, "Ailleurs")
    SharingConsent.objects.create(evaluation=evaluation, level=SharingLevel.CONTENT)
    survey = Survey.objects.create(evaluation=evaluation, title={"fr": "Parents <b>"})
    Survey.objects.create(evaluation=other, title={"fr": "Autre"})
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="en")
    assert comments_of(page) == {
        "preliminary": 0,
        "portrait": 2,
        "stakeholders": 0,
        "questions": 0,
        "plan": 1,
    }
    assert page.context["sharing_level"] == SharingLevel.CONTENT
    assert page.context["surveys"] == [survey]
    assert page.context["surveys"][0].title == {"fr": "Parents <b>"}
    assert [comment.text for comment in page.context["comments"]] == ["Une remarque"]

    # The other evaluation, by the same statements, shows its own.
    page = client.get(reverse("evaluation_detail", args=[other.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert comments_of(page)["stakeholders"] == 1
    assert comments_of(page)["portrait"] == 0
    assert page.context["sharing_level"] == SharingLevel.NOTHING
    assert [s.title for s in page.context["surveys"]] == [{"fr": "Autre"}]


def test_the_screen_takes_eleven_queries(client, world, django_assert_num_queries):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    detail = reverse("evaluation_detail", args=[evaluation.pk])
    client.get(detail)
    # Session, user and two-factor gate; the evaluation, its counts and parts, the person's
    # role, the comment counts with the sharing level and feedback, the surveys; the
    # header's networks and the navigation's question.
    with django_assert_num_queries(11):
        assert client.get(detail).status_code == 200
