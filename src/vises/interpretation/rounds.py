"""Interpretation rounds: the team puts findings of an evaluative question to its members
and to stakeholders invited by link; each participant says whether each finding matches
their experience; the team then writes the interpretation it agreed and the lessons.
Every step is dated and kept in the evaluation's history."""

import secrets
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from vises.evaluations.models import Change

from .models import Finding, Interpretation, Opinion, Round

PART = "interpretation"


class Refused(ValueError):
    """What was asked cannot be done; the message says why, in the user's language."""


def available_findings(evidence: dict, has_quotes: bool) -> list[tuple[str, str]]:
    """What the team may put to a round, as (choice value, label): each survey result and
    each indicator shown on the question's page, and its quotes."""
    choices = [
        (f"survey_result:{entry.question.pk}", entry.text) for entry in evidence["survey_results"]
    ]
    choices += [(f"indicator:{row['indicator'].pk}", row["name"]) for row in evidence["standings"]]
    if has_quotes:
        choices.append(("quotes:", _("The quotes chosen for this question")))
    return choices


@transaction.atomic
def start_round(
    question, user, *, title: str, introduction: str, chosen: list[str], plain_question: str = ""
) -> Round:
    """A new open round on the findings `chosen` (values of `available_findings`)."""
    if not chosen:
        raise Refused(_("Choose at least one finding to discuss."))
    round_ = Round.objects.create(
        question=question,
        title=title,
        introduction=introduction,
        plain_question=plain_question,
        created_by=user,
    )
    for position, value in enumerate(chosen):
        kind, _separator, pk = value.partition(":")
        Finding.objects.create(
            round=round_,
            kind=kind,
            survey_question_id=int(pk) if kind == Finding.Kind.SURVEY_RESULT else None,
            indicator_id=int(pk) if kind == Finding.Kind.INDICATOR else None,
            position=position,
        )
    Change.record(
        question.evaluation_id,
        PART,
        None,
        {"round": title, "findings": len(chosen)},
        user,
    )
    return round_


def set_open(round_: Round, user, is_open: bool) -> None:
    if round_.is_open != is_open:
        round_.is_open = is_open
        round_.save(update_fields=["is_open"])
        Change.record(
            round_.question.evaluation_id,
            PART,
            {"round": round_.title, "open": not is_open},
            {"round": round_.title, "open": is_open},
            user,
        )


def question_for_guests(round_: Round) -> str:
    """The evaluative question as the round's participants read it: the team's everyday
    wording when it wrote one, else the question itself."""
    return round_.plain_question.strip() or round_.question.text


def participant_key(session, round_: Round, user) -> str:
    """Who answers: a signed-in person is themselves on any device; a guest is a random key
    kept in their session, so they can come back and change what they said."""
    if user.is_authenticated:
        return f"user-{user.pk}"
    keys = session.setdefault("vises.rounds", {})
    if str(round_.pk) not in keys:
        keys[str(round_.pk)] = secrets.token_hex(12)
        session.modified = True
    return keys[str(round_.pk)]


def opinions_of(round_: Round, participant: str) -> dict[int, Opinion]:
    return {
        opinion.finding_id: opinion
        for opinion in Opinion.objects.filter(finding__round=round_, participant=participant)
    }


@transaction.atomic
def give_opinions(
    round_: Round, participant: str, user, *, name: str, language: str, answers: dict
) -> int:
    """Store what the participant said of each finding: `answers` maps a finding's pk to
    (verdict, comment). All or nothing; returns how many findings were answered."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise Refused(_("This round is closed: the team is no longer collecting opinions."))
    findings = {finding.pk: finding for finding in round_.findings.all()}
    given = 0
    for finding_id, (verdict, comment) in answers.items():
        finding = findings.get(finding_id)
        if finding is None:
            raise Refused(_("This finding is not part of the round."))
        if not verdict and not comment:
            continue
        if verdict not in Opinion.Verdict.values:
            raise Refused(_("Say whether the finding matches your experience."))
        Opinion.objects.update_or_create(
            finding=finding,
            participant=participant,
            defaults={
                "verdict": verdict,
                "comment": comment,
                "name": name,
                "language": language,
                "author": user if user.is_authenticated else None,
            },
        )
        given += 1
    return given


def tallies(round_: Round) -> dict[int, dict]:
    """For each finding of the round: how many agree, partly agree and disagree, and the
    opinions themselves, in the order given."""
    counts: dict[int, Counter] = {}
    opinions: dict[int, list[Opinion]] = {}
    for opinion in Opinion.objects.filter(finding__round=round_).select_related("author"):
        counts.setdefault(opinion.finding_id, Counter())[opinion.verdict] += 1
        opinions.setdefault(opinion.finding_id, []).append(opinion)
    return {
        finding.pk: {
            "counts": [
                (label, counts.get(finding.pk, Counter())[value])
                for value, label in Opinion.Verdict.choices
            ],
            "opinions": opinions.get(finding.pk, []),
        }
        for finding in round_.findings.all()
    }


def participants(round_: Round) -> int:
    return Opinion.objects.filter(finding__round=round_).values("participant").distinct().count()


@transaction.atomic
def agree(question, user, *, agreed: str, lessons: str) -> Interpretation:
    """Write (or rewrite) the interpretation the team agreed for the question."""
    agreed, lessons = agreed.strip(), lessons.strip()
    if not agreed:
        raise Refused(_("Write the interpretation the team agreed on."))
    current = Interpretation.objects.filter(question=question).first()
    before = {"agreed": current.agreed, "lessons": current.lessons} if current else None
    interpretation, _created = Interpretation.objects.update_or_create(
        question=question, defaults={"agreed": agreed, "lessons": lessons, "updated_by": user}
    )
    Change.record(
        question.evaluation_id, PART, before, {"agreed": agreed, "lessons": lessons}, user
    )
    return interpretation
