"""The evaluation's navigation: the same sections on every page of an evaluation, each
offered only to those `access` lets open it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vises.access import rules

# Label, and the beginnings of the names of the pages that belong to the section (the
# longest match wins: a question's findings belong to the findings, not to the questions).
SECTIONS = {
    "journey": (_("Journey"), ["evaluation_detail", "evaluation_framework_read"]),
    "preliminary": (_("Preparation"), ["evaluation_preliminary"]),
    "portrait": (_("Portrait"), ["evaluation_portrait"]),
    "stakeholders": (_("Stakeholders"), ["evaluation_stakeholder"]),
    "questions": (_("Questions"), ["evaluation_question"]),
    "plan": (_("Collection plan"), ["evaluation_plan"]),
    "surveys": (_("Surveys"), ["survey_"]),
    "indicators": (_("Indicators"), ["evaluation_indicator"]),
    "material": (_("Qualitative material"), ["qualitative_"]),
    "findings": (
        _("Findings"),
        ["evaluation_question_findings", "evaluation_interpretation", "evaluation_round"]
        + ["evaluation_quote"],
    ),
    "reports": (_("Reports"), ["evaluation_report"]),
    "improvement": (_("Improvement plan"), ["evaluation_improvement", "evaluation_action"]),
    "accompaniment": (
        _("Accompaniment"),
        ["evaluation_session", "evaluation_feedback", "evaluation_comments"],
    ),
    "history": (_("History"), ["evaluation_history"]),
    "sharing": (_("Sharing"), ["evaluation_sharing", "evaluation_peers"]),
    "export": (_("Export"), ["evaluation_export"]),
}

URLS = {
    "journey": "evaluation_detail",
    "preliminary": "evaluation_preliminary",
    "portrait": "evaluation_portrait_summary",
    "stakeholders": "evaluation_stakeholders",
    "questions": "evaluation_questions",
    "plan": "evaluation_plan",
    "surveys": "survey_list",
    "indicators": "evaluation_indicators",
    "material": "qualitative_material",
    "reports": "evaluation_reports",
    "improvement": "evaluation_improvement",
    "accompaniment": "evaluation_sessions",
    "history": "evaluation_history",
    "sharing": "evaluation_sharing",
    "export": "evaluation_export",
}


@dataclass
class Link:
    section: str
    label: str
    url: str
    current: bool


def section_of(url_name: str) -> str | None:
    """The section a page belongs to, by its URL name."""
    matches = [
        (len(prefix), section)
        for section, (_label, prefixes) in SECTIONS.items()
        for prefix in prefixes
        if url_name.startswith(prefix)
    ]
    return max(matches)[1] if matches else None


def links(user, evaluation, url_name: str = "") -> list[Link]:
    """The sections `user` may open, with the one `url_name` belongs to marked current."""
    current = section_of(url_name)
    result = []
    for section in rules.evaluation_sections(user, evaluation):
        if section == "findings":
            # The main question's findings; the questions, to choose one, until there is.
            # Its number alone: a question read with only its pk would be read again, since
            # the ORM checks its evaluation_id against the evaluation it came from.
            question = evaluation.questions.values_list("pk", flat=True).first()
            url = (
                reverse("evaluation_question_findings", args=[evaluation.pk, question])
                if question
                else reverse("evaluation_questions", args=[evaluation.pk])
            )
        else:
            url = reverse(URLS[section], args=[evaluation.pk])
        result.append(Link(section, SECTIONS[section][0], url, section == current))
    return result
