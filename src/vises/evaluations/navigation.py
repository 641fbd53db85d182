"""The evaluation's navigation: the same sections on every page of an evaluation, each
offered only to those `access` lets open it."""

import functools
from dataclasses import dataclass
from html import escape

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from vises import addresses
from vises.access import prepared, rules

from .models import EvaluativeQuestion

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
            found = prepared.rows_by_id(_first_question, EvaluativeQuestion, evaluation.pk)
            question = found[0][0] if found else None
            url = (
                addresses.url("evaluation_question_findings", evaluation.pk, question)
                if question
                else addresses.url("evaluation_questions", evaluation.pk)
            )
        else:
            url = addresses.url(URLS[section], evaluation.pk)
        result.append(Link(section, SECTIONS[section][0], url, section == current))
    return result


def _first_question(_user, evaluation_id: int) -> QuerySet:
    """The number of the evaluation's first question (the main one first), by a statement
    compiled once (see access/prepared.py): every page of an evaluation reads it."""
    return EvaluativeQuestion.objects.filter(evaluation=evaluation_id).values_list("pk")[:1]


NAV = """
<nav class="evaluation-nav no-print" aria-label="{label}">
  <ul>
    {links}
  </ul>
</nav>
"""
CURRENT = ' aria-current="page"'


def html(user, evaluation, url_name: str = "") -> SafeString:
    """The navigation of `links`, escaped, or nothing for someone who may not see the
    evaluation. Made in Python, its labels translated and escaped once per language: it
    is drawn on every page of an evaluation, where the template language cost several
    times more."""
    shown = links(user, evaluation, url_name)
    if not shown:
        return mark_safe("")
    name, labels = _labels(get_language())
    items = "".join(
        f'<li><a href="{escape(link.url)}"{CURRENT if link.current else ""}>'
        f"{labels[link.section]}</a></li>"
        for link in shown
    )
    return mark_safe(NAV.format(label=name, links=items))


@functools.cache
def _labels(language: str) -> tuple[str, dict[str, str]]:
    """The navigation's name and its sections' labels, escaped, in `language` (the one
    active). The name's translation is trusted, as {% translate %} trusts those of its
    literal texts."""
    return gettext("Evaluation"), {
        section: escape(str(label)) for section, (label, _prefixes) in SECTIONS.items()
    }
