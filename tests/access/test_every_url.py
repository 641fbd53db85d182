"""
Walk every URL pattern of the project as every role, on one's own objects and on another
tenant's, and check who gets what. The patterns come from Django's resolver, so a URL
added later fails here until it says who may open it.
"""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import make_evaluation, make_framework_version, open_invitation

ROLES = [
    "anonymous",
    "outsider",
    "network_admin",
    "coach",
    "researcher",
    "enterprise_admin",
    "enterprise_member",
]
SIGNED_IN = set(ROLES) - {"anonymous"}
NETWORK_PEOPLE = {"network_admin", "coach", "researcher"}
SEES_ENTERPRISE = {"network_admin", "coach", "enterprise_admin", "enterprise_member"}
MANAGES_ENTERPRISE = {"network_admin", "enterprise_admin"}

OK, LOGIN, HOME = "ok", "login", "home"


def everyone(outcome):
    return lambda role, target: outcome


def signed_in(outcome=OK):
    return lambda role, target: LOGIN if role == "anonymous" else outcome


def scoped(sees: set[str], allowed: set[str]):
    """On one's own object: `allowed` roles pass, others who see it get 403, everyone else
    404; another tenant's object is 404 for all."""

    def rule(role, target):
        if role == "anonymous":
            return LOGIN
        if target == "other" or role not in sees:
            return 404
        return OK if role in allowed else 403

    return rule


def enterprise_rule(allowed: set[str]):
    return scoped(SEES_ENTERPRISE, allowed)


def network_rule(allowed: set[str]):
    return scoped(NETWORK_PEOPLE, allowed)


# An evaluation is the enterprise team's work, read by its coach; network admins see its
# progress on their network's progress page and the enterprise's page, not its content.
# (Where the enterprise shares its content, they read what the coach reads:
# tests/access/test_shared_content.py.)
READS_EVALUATION = {"coach", "enterprise_admin", "enterprise_member"}
EDITS_EVALUATION = {"enterprise_admin", "enterprise_member"}


def evaluation_rule(allowed: set[str]):
    return scoped(READS_EVALUATION, allowed)


def framework_rule(role, target):
    """The shared default is for everyone signed in; another network's version is hidden."""
    if role == "anonymous":
        return LOGIN
    return OK if target == "own" else 404


def framework_fork_rule(role, target):
    """Only network admins adapt a framework they can read."""
    if role == "anonymous":
        return LOGIN
    if target == "other":
        return 404
    return OK if role == "network_admin" else 403


def framework_draft_rule(role, target):
    """A draft is seen, hence edited, only by its own network's admins."""
    if role == "anonymous":
        return LOGIN
    return OK if (role, target) == ("network_admin", "own") else 404


def invitation_token_rule(role, target):
    # Anyone holding the link may open it; a signed-in person who is not its addressee
    # is told so.
    return OK if role == "anonymous" else 403


# name: (methods to try, rule(role, target) -> expected outcome)
GET, POST = ("GET",), ("POST",)
EXPECTED = {
    "home": (GET, signed_in()),
    "login": (GET + POST, lambda role, target: OK if role == "anonymous" else HOME),
    "logout": (POST, everyone(LOGIN)),
    "password_change": (GET, signed_in()),
    "password_change_done": (GET, signed_in()),
    "password_reset": (GET, everyone(OK)),
    "password_reset_done": (GET, everyone(OK)),
    "password_reset_confirm": (GET, everyone(OK)),
    "password_reset_complete": (GET, everyone(OK)),
    "profile": (GET + POST, signed_in()),
    "two_factor": (GET, signed_in()),
    "two_factor_setup": (GET + POST, signed_in()),
    # Asked after the password of those with an authenticator app; nobody here has one.
    "two_factor_verify": (GET + POST, lambda role, target: LOGIN if role == "anonymous" else HOME),
    "two_factor_turn_off": (POST, signed_in()),
    "two_factor_recovery_codes": (POST, signed_in()),
    # The recovery codes just made, kept in the session until their owner has kept them.
    "two_factor_recovery_codes_download": (
        GET,
        lambda role, target: LOGIN if role == "anonymous" else 404,
    ),
    "two_factor_codes_kept": (POST, signed_in()),
    # One's own data: everyone signed in reads, downloads and may erase their account
    # (an empty form erases nothing).
    "my_data": (GET, signed_in()),
    "my_data_json": (GET, signed_in()),
    "erase_account": (GET + POST, signed_in()),
    "set_language": (POST, everyone(OK)),
    "accept_invitation": (GET + POST, invitation_token_rule),
    "invitation_revoke": (POST, enterprise_rule(MANAGES_ENTERPRISE)),
    "enterprise_list": (GET, signed_in()),
    "enterprise_create": (GET + POST, signed_in()),
    "enterprise_detail": (GET, enterprise_rule(SEES_ENTERPRISE)),
    "enterprise_edit": (GET + POST, enterprise_rule(MANAGES_ENTERPRISE)),
    "enterprise_network": (GET + POST, enterprise_rule({"enterprise_admin"})),
    "enterprise_members": (GET + POST, enterprise_rule(MANAGES_ENTERPRISE)),
    "enterprise_member_remove": (POST, enterprise_rule(MANAGES_ENTERPRISE)),
    "network_detail": (GET, network_rule(NETWORK_PEOPLE)),
    "network_enterprises": (GET, network_rule({"network_admin"})),
    # Where the enterprises' evaluations stand: progress, never content; every admitted
    # enterprise for the network's admins, those they accompany for its coaches.
    "network_progress": (GET, network_rule({"network_admin", "coach"})),
    "network_progress_xlsx": (GET, network_rule({"network_admin", "coach"})),
    "programme_list": (GET, network_rule({"network_admin"})),
    "programme_create": (GET + POST, network_rule({"network_admin"})),
    "programme_detail": (GET, network_rule({"network_admin"})),
    "programme_edit": (GET + POST, network_rule({"network_admin"})),
    # A programme's territorial reports are composed and published by the network's
    # admins only; its coaches and researchers read one once published, at its address.
    "territorial_reports": (GET, network_rule({"network_admin"})),
    "territorial_report_create": (POST, network_rule({"network_admin"})),
    "territorial_report_detail": (GET, network_rule({"network_admin"})),
    "territorial_report_renditions": (GET, network_rule({"network_admin"})),
    "territorial_report_download": (GET, network_rule({"network_admin"})),
    "territorial_report_render": (POST, network_rule({"network_admin"})),
    "territorial_report_publish": (POST, network_rule({"network_admin"})),
    # Changing its title, language or introduction, and deleting it (after a page that
    # asks first).
    "territorial_report_edit": (GET + POST, network_rule({"network_admin"})),
    "territorial_report_delete": (GET + POST, network_rule({"network_admin"})),
    "territorial_report_public": (GET, everyone(OK)),
    # A reminder's link stops that kind of reminder without an account.
    "reminder_unsubscribe": (GET + POST, everyone(OK)),
    "network_enterprise_create": (GET + POST, network_rule({"network_admin"})),
    "network_admission": (POST, network_rule({"network_admin"})),
    "network_members": (GET + POST, network_rule({"network_admin"})),
    "network_member_remove": (POST, network_rule({"network_admin"})),
    "network_coaches": (GET + POST, network_rule({"network_admin"})),
    "network_settings": (GET + POST, network_rule({"network_admin"})),
    "network_coach_unassign": (POST, network_rule({"network_admin"})),
    # Who changed access: the network's admins read their network's audit log, the
    # platform's admins every network's (test_platform_admins_read_the_whole_audit_log).
    "network_audit_log": (GET, network_rule({"network_admin"})),
    "audit_log": (GET, signed_in(403)),
    "network_accompaniment": (GET, network_rule({"network_admin", "researcher"})),
    # Figures across the enterprises that share them, for the network's admins.
    "network_results": (GET, network_rule({"network_admin"})),
    "network_results_csv": (GET, network_rule({"network_admin"})),
    "network_results_xlsx": (GET, network_rule({"network_admin"})),
    "network_accompaniment_csv": (GET, network_rule({"network_admin", "researcher"})),
    # The action-research view, of the evaluations that consent to research.
    "network_research": (GET, network_rule({"network_admin", "researcher"})),
    "network_research_csv": (GET, network_rule({"network_admin", "researcher"})),
    "evaluation_create": (GET + POST, enterprise_rule({"enterprise_admin"})),
    "evaluation_detail": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_portrait_summary": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_history": (GET, evaluation_rule(READS_EVALUATION)),
    # What the evaluation shares: read by its readers, decided by the enterprise's admins
    # (POSTED); its position among peers, read by its readers.
    "evaluation_sharing": (GET + POST, evaluation_rule(READS_EVALUATION)),
    "evaluation_peers": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_framework_read": (POST, evaluation_rule(EDITS_EVALUATION)),
    # Title, period and retention date of respondents' data: the enterprise's admins.
    "evaluation_settings": (GET + POST, evaluation_rule({"enterprise_admin"})),
    # The team fills these in; its coaches read them (POSTED says who may send them).
    "evaluation_preliminary": (GET + POST, evaluation_rule(READS_EVALUATION)),
    "evaluation_portrait": (GET + POST, evaluation_rule(READS_EVALUATION)),
    "evaluation_portrait_autosave": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_questions": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_stakeholders": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_stakeholder_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_stakeholder_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_stakeholder_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_question_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_question_choose": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_question_main": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_question_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_comments": (GET + POST, evaluation_rule(READS_EVALUATION)),
    "evaluation_sessions": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_session_add": (GET + POST, evaluation_rule({"coach"})),
    "evaluation_feedback": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    # The improvement plan: the team writes and follows up its actions, the coach reads.
    "evaluation_improvement": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_action_add": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_action_detail": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_action_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_action_follow_up": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_action_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    # Every signed-in person may open it; it lists the enterprises assigned to them.
    "coach_dashboard": (GET, signed_in()),
    "evaluation_question_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_plan": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_plan_row_add": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_plan_row_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_plan_row_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_plan_indicator_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_plan_indicator_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_plan_indicator_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_indicators": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_question_findings": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_quote_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_quote_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_quote_passage": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_interpretation": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_round_add": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_round_detail": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_round_open": (POST, evaluation_rule(EDITS_EVALUATION)),
    # Reports: the team makes them, coaches read them; only enterprise admins publish.
    "evaluation_reports": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_report_create": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_report_detail": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_report_renditions": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_report_download": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_report_render": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_report_section_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_report_section": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_report_section_move": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_report_section_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_report_publish": (POST, evaluation_rule({"enterprise_admin"})),
    # A published report is for anyone with its address.
    "report_public": (GET, everyone(OK)),
    # A chart a page left to be fetched: for whoever holds its token (it names one chart).
    "chart_drawing": (GET, everyone(OK)),
    "report_public_infographic": (GET, everyone(OK)),
    # Participants of an interpretation round answer through its link, without an account.
    "round_answer": (GET + POST, everyone(OK)),
    "evaluation_indicator_value_add": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_indicator_value_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_indicator_value_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_indicator_inputs_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_indicator_evidence": (GET, evaluation_rule(READS_EVALUATION)),
    # Respondents need no account: the same page for everyone. A page of the survey
    # without the session that started it says the visit expired.
    "survey_respond": (GET + POST, everyone(OK)),
    "survey_respond_page": (GET + POST, everyone(400)),
    "survey_respond_thanks": (GET, everyone(OK)),
    "survey_respond_code": (GET + POST, everyone(OK)),
    "survey_code_entry": (GET + POST, everyone(OK)),
    "survey_paper_entry": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    # The survey builder: the team builds, the coach reads the questions, waves and paper.
    "survey_list": (GET, evaluation_rule(READS_EVALUATION)),
    "survey_create": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_detail": (GET, evaluation_rule(READS_EVALUATION)),
    "survey_settings": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_open": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_close": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_new_version": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_paper": (GET, evaluation_rule(READS_EVALUATION)),
    "survey_section_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_section_edit": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_section_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_section_move": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_question_add": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_question_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_question_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_question_move": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_question_condition": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_bank": (GET, evaluation_rule(EDITS_EVALUATION)),
    "survey_bank_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_waves": (GET, evaluation_rule(READS_EVALUATION)),
    "survey_wave_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_wave_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    # Codes are handed out by the team; answers one by one are for the enterprise's admins.
    "survey_invitations": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_slips": (GET, evaluation_rule(EDITS_EVALUATION)),
    "survey_responses": (GET, evaluation_rule(READS_EVALUATION)),
    # A survey's results are read by whoever reads the evaluation's findings; the team
    # keeps open answers as quotes from there.
    "survey_results": (GET, evaluation_rule(READS_EVALUATION)),
    "survey_quotes_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_response_remove": (POST, evaluation_rule({"enterprise_admin"})),
    # Erasing a respondent's answers at their request, by their code: admins only.
    "survey_response_erase": (GET + POST, evaluation_rule({"enterprise_admin"})),
    "survey_responses_csv": (GET, evaluation_rule({"enterprise_admin"})),
    "survey_import": (GET + POST, evaluation_rule({"enterprise_admin"})),
    "survey_import_xlsform": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_xlsform": (GET, evaluation_rule(READS_EVALUATION)),
    "evaluation_indicator_import": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_indicator_import_preview": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "evaluation_indicator_import_undo": (POST, evaluation_rule(EDITS_EVALUATION)),
    "survey_import_preview": (GET + POST, evaluation_rule({"enterprise_admin"})),
    "survey_import_undo": (POST, evaluation_rule({"enterprise_admin"})),
    "survey_import_template": (GET, evaluation_rule({"enterprise_admin"})),
    "survey_responses_xlsx": (GET, evaluation_rule({"enterprise_admin"})),
    # Exporting a whole evaluation hands over its responses one by one: admins only.
    "evaluation_export": (GET, evaluation_rule({"enterprise_admin"})),
    "evaluation_export_file": (GET, evaluation_rule({"enterprise_admin"})),
    # Qualitative material speaks of people by what they said: the team only, never its
    # coach (who reads a passage once it is made a quote), its network or researchers.
    "qualitative_material": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_document_add": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_method_guide": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_open_answers_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_document": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_document_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_document_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_document_source": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_document_recording": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_excerpt_add": (POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_excerpt_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_excerpt_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_codebook": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_codebook_seed": (POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_code": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_code_edit": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_code_merge": (POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_code_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_overview": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_search": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_pseudonyms": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_exchange": (GET + POST, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_export_project": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_export_codebook": (GET, evaluation_rule(EDITS_EVALUATION)),
    "qualitative_pseudonym_remove": (POST, evaluation_rule(EDITS_EVALUATION)),
    "framework_list": (GET, signed_in()),
    "framework_detail": (GET, framework_rule),
    "framework_theme": (GET, framework_rule),
    "framework_glossary": (GET, framework_rule),
    "framework_search": (GET, framework_rule),
    "framework_changes": (GET, framework_rule),
    "framework_export": (GET, framework_rule),
    "framework_fork": (GET + POST, framework_fork_rule),
    "framework_record_add": (GET + POST, framework_draft_rule),
    "framework_record_edit": (GET + POST, framework_draft_rule),
    "framework_import": (GET + POST, framework_draft_rule),
    "framework_publish": (POST, framework_draft_rule),
}


# Pages read by more people than may send them: the rule of their POST.
POSTED = {
    "evaluation_preliminary": evaluation_rule(EDITS_EVALUATION),
    "evaluation_portrait": evaluation_rule(EDITS_EVALUATION),
    "evaluation_sharing": evaluation_rule({"enterprise_admin"}),
}


def admin_rule(name):
    """The Django admin is for platform staff: everyone else is sent to its sign-in."""
    if name == "admin:login":
        return (GET, everyone(OK))
    if name == "admin:logout":
        return (POST, everyone(OK))
    return (GET, everyone("admin_login"))


def url_patterns(resolver=None, namespace="", prefix=""):
    """Every (key, route, parameter names) of the project's URL configuration.

    The key is the URL's qualified name, or its route when it has none.
    """
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + _route(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner, route)
        elif isinstance(entry, URLPattern):
            key = f"{namespace}{entry.name}" if entry.name else f"{namespace}{route}"
            # The parameters of the whole route: an include's prefix may hold some.
            yield key, route, re.findall(r"<(\w+)>", route)


def _route(pattern) -> str:
    """A route with its parameters written <name>, whether it was a path or a regex."""
    text = str(pattern).lstrip("^").rstrip("$")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", text)


ALL_PATTERNS = list(url_patterns())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Evidence files of the samples go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


def test_every_url_says_who_may_open_it():
    undeclared = [
        key
        for key, _route_, _params in ALL_PATTERNS
        if not key.startswith("admin:") and key not in EXPECTED
    ]
    assert not undeclared, f"Name these URLs and say in EXPECTED who may open them: {undeclared}"


DRAFT_PAGES = {
    "framework_record_add",
    "framework_record_edit",
    "framework_import",
    "framework_publish",
}


def samples(world, name: str, target: str) -> dict:
    """Concrete values for a URL's parameters, naming own or another tenant's objects."""
    own = target == "own"
    enterprise = world.enterprise if own else world.other_enterprise
    network = world.network if own else world.other_network
    values = {"enterprise_id": enterprise.pk, "network_id": network.pk}
    if name == "network_admission":
        values["enterprise_id"] = (world.applicant if own else _applicant(world.other_network)).pk
    if name.startswith("enterprise_member"):
        values["membership_id"] = enterprise.memberships.get(role="enterprise_member").pk
    if name.startswith("network_member"):
        values["membership_id"] = network.memberships.get(role="coach").pk
    if name.startswith("network_coach"):
        values["assignment_id"] = enterprise.coach_assignments.get().pk
    if (
        name.startswith("programme_") and name not in ("programme_list", "programme_create")
    ) or name.startswith("territorial_report"):
        from vises.networks.models import Programme

        values["programme_id"] = Programme.objects.create(
            network=network,
            name="Cohorte",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        ).pk
    if name.startswith("territorial_report"):
        values.update(
            _territorial_samples(values["programme_id"], published=name.endswith("_public"))
        )
    if name == "reminder_unsubscribe":
        from vises.networks.reminders import unsubscribe_token

        values["token"] = unsubscribe_token(world.user("enterprise_member").email, "milestone")
    if name == "invitation_revoke":
        values["invitation_id"] = open_invitation(enterprise=enterprise)[0].pk
    if name == "accept_invitation":
        values["token"] = open_invitation(enterprise=enterprise)[1]
    if name in DRAFT_PAGES:
        version = make_framework_version("draft", network=network, status="draft")
    elif name.startswith("framework_"):
        version = (
            make_framework_version("shared")
            if own
            else make_framework_version("theirs", network=world.other_network)
        )
    if name.startswith("framework_") and name != "framework_list":
        values.update(
            version_id=version.pk,
            theme_code="individuals",
            section="indicators",
            code="people_supported",
        )
    if name.startswith("evaluation_") and name != "evaluation_create":
        evaluation = make_evaluation(enterprise)
        question = evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
        stakeholder = evaluation.stakeholders.create(
            name="Trainees", importance=5, influence=2, involvement="consult"
        )
        row = evaluation.plan_rows.create(question=question, methods=["survey"])
        indicator = row.indicators.create(code="people_supported", baseline=10, target=12)
        values.update(
            evaluation_id=evaluation.pk,
            question_id=question.pk,
            code="confidence",
            stakeholder_id=stakeholder.pk,
            row_id=row.pk,
            indicator_id=indicator.pk,
        )
    if name.startswith("evaluation_indicator_"):
        from django.core.files.base import ContentFile

        value = indicator.values.create(period="2026", number=11, evidence_name="register.pdf")
        value.evidence.save("register.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        values["value_id"] = value.pk
    if name in ("evaluation_indicator_import_preview", "evaluation_indicator_import_undo"):
        from django.core.files.base import ContentFile

        from vises.indicators import imports

        values["import_id"] = imports.start(
            evaluation, ContentFile(b"indicateur;periode;valeur\n", name="valeurs.csv"), None
        ).pk
    if name == "evaluation_quote_remove":
        values["quote_id"] = _quote_sample(question).pk
    if name.startswith("evaluation_round_"):
        values["round_id"] = question.rounds.create(title="Qu'en pensez-vous ?").pk
    if name.startswith("evaluation_report"):
        values.update(_report_samples(evaluation))
    if name.startswith("report_public"):
        evaluation = make_evaluation(enterprise)
        values["token"] = _report_samples(evaluation, published=True)["token"]
    if name == "chart_drawing":
        from vises.reports import charts

        chart = charts.Chart(
            kind="bars", title="Oui", categories=("a",), series=(charts.Series("n", (3,)),)
        )
        values["token"] = charts.later(chart)
    if name == "round_answer":
        evaluation = make_evaluation(enterprise)
        question = evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
        values["token"] = question.rounds.create(title="Qu'en pensez-vous ?").token
    if name.startswith("survey_"):
        values.update(_survey_samples(enterprise))
    if name.startswith("qualitative_"):
        values.update(_material_samples(enterprise))
    if name == "evaluation_comments":
        values["section"] = "portrait"
    if name == "evaluation_export_file":
        values["file_format"] = "xlsx"
    if name == "evaluation_feedback":
        values["step"] = 0
    if name.startswith("evaluation_action_"):
        values["action_id"] = evaluation.improvement_actions.create(
            question=question, what="Réunir les stagiaires chaque mois."
        ).pk
    if name == "password_reset_confirm":
        values.update(uidb64="MQ", token="set-password")
    if name.startswith("admin:"):
        values.update(
            app_label="accounts",
            object_id="1",
            id="1",
            pk="1",
            content_type_id="1",
            url="accounts/enterprise",
        )
    return values


def _report_samples(evaluation, published=False) -> dict:
    """A report of the evaluation with a section and a made PNG rendition (the
    infographic a public page shows), published if asked."""
    from django.core.files.base import ContentFile

    from vises.reports import builder
    from vises.reports.models import Rendition

    report = builder.create_report(
        evaluation, None, audience="funders", language="fr", title="Rapport"
    )
    rendition = Rendition(report=report, format="png", status="done")
    rendition.file.save("report.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    if published:
        builder.publish(report, None)
    return {
        "report_id": report.pk,
        "section_id": report.sections.first().pk,
        "rendition_id": rendition.pk,
        "token": report.public_token,
    }


def _territorial_samples(programme_id, published=False) -> dict:
    """A territorial report of the programme with a made PDF, published if asked."""
    from django.core.files.base import ContentFile

    from vises.networks.models import Programme
    from vises.reports import territorial
    from vises.reports.models import TerritorialRendition

    report = territorial.create(
        Programme.objects.get(pk=programme_id), None, language="fr", title="Rapport territorial"
    )
    rendition = TerritorialRendition(report=report, format="pdf", status="done")
    rendition.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    if published:
        territorial.publish(report, None)
    return {"report_id": report.pk, "rendition_id": rendition.pk, "token": report.public_token}


def _quote_sample(question):
    """A quote of the evaluative question, from an open answer to the evaluation's survey."""
    from vises.interpretation.models import Quote
    from vises.surveys import builder
    from vises.surveys.models import Response

    survey = builder.create_survey(
        question.evaluation, None, title={"fr": "Enquête"}, languages=["fr"]
    )
    asked = builder.add_question(
        survey.sections.get(), None, code="why", kind="long_text", text={"fr": "Pourquoi ?"}
    )
    wave = survey.waves.create(
        label="2026", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31)
    )
    response = Response.objects.create(
        wave=wave, answers={"why": "Parce que."}, language="fr", submission_key="quoted"
    )
    return Quote.objects.create(
        question=question,
        response=response,
        survey_question=asked,
        text="Parce que.",
        language="fr",
    )


def _material_samples(enterprise) -> dict:
    """An interview transcript kept with its file and recording, a code and a coded
    passage, in an evaluation of `enterprise`."""
    from django.core.files.base import ContentFile

    from vises.qualitative.models import Document

    evaluation = make_evaluation(enterprise)
    question = evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
    row = evaluation.plan_rows.create(question=question, methods=["interview"])
    document = Document(
        evaluation=evaluation,
        plan_row=row,
        method="interview",
        title="Entretien avec Awa",
        text="Avant, je n'osais pas parler.\nMaintenant je parle en réunion.",
        source_name="awa.txt",
        recording_name="awa.mp3",
    )
    document.source.save("awa.txt", ContentFile(document.text.encode()), save=False)
    document.recording.save("awa.mp3", ContentFile(b"ID3"), save=False)
    document.save()
    code = evaluation.codes.create(name="Confiance")
    excerpt = document.excerpts.create(start=0, end=28)
    excerpt.codes.add(code)
    pair = evaluation.pseudonyms.create(real_name="Awa Diallo", pseudonym="Awa")
    survey = evaluation.surveys.create(title={"fr": "Votre avis"}, languages=["fr"])
    return {
        "evaluation_id": evaluation.pk,
        "survey_id": survey.pk,
        "pseudonym_id": pair.pk,
        "document_id": document.pk,
        "code_id": code.pk,
        "excerpt_id": excerpt.pk,
        "method": "interview",
    }


def _survey_samples(enterprise) -> dict:
    """A survey with a section, a question, a wave open today and an unused code."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from vises.surveys import imports
    from vises.surveys.models import Survey

    evaluation = make_evaluation(enterprise)
    survey = Survey.objects.create(
        evaluation=evaluation,
        title={"fr": "Votre avis", "nl": "Uw mening", "en": "Your view"},
        languages=["fr", "nl", "en"],
        public_link_open=True,
    )
    section = survey.sections.create(title={"fr": "Vous", "nl": "U", "en": "You"})
    question = survey.questions.create(
        section=section,
        code="satisfied",
        kind="single_choice",
        text={"fr": "Êtes-vous satisfait ?", "nl": "Bent u tevreden?", "en": "Are you satisfied?"},
        options=[{"value": "yes", "label": {"fr": "Oui", "nl": "Ja", "en": "Yes"}}],
    )
    today = timezone.localdate()
    wave = survey.waves.create(
        label="2026", opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=30)
    )
    response_import = imports.start(
        survey, wave, ContentFile(b"satisfied\nOui\n", name="reponses.csv"), None, "fr"
    )
    return {
        "evaluation_id": evaluation.pk,
        "survey_id": survey.pk,
        "import_id": response_import.pk,
        "section_id": section.pk,
        "survey_question_id": question.pk,
        "wave_id": wave.pk,
        "public_token": survey.public_token,
        "code": wave.invitations.create().code,
        "page": 1,
        "response_id": wave.responses.create(answers={}, language="fr", submission_key="sample").pk,
    }


def _applicant(network):
    from tests.conftest import make_enterprise

    return make_enterprise("Candidate", network, admission="pending")


CASES = [
    pytest.param(key, route, params, role, target, id=f"{key}-{role}-{target}")
    for key, route, params in ALL_PATTERNS
    for role in ROLES
    # The admin's parameters name no tenant: one target is enough there.
    for target in (["own", "other"] if params and not key.startswith("admin:") else ["own"])
]


@pytest.mark.parametrize(("name", "route", "params", "role", "target"), CASES)
def test_url_answers_each_role(client, world, name, route, params, role, target):
    methods, rule = admin_rule(name) if name.startswith("admin:") else EXPECTED[name]
    values = samples(world, name, target)
    missing = [p for p in params if p not in values]
    assert not missing, f"{name}: give sample values for {missing}"
    url = "/" + re.sub(r"<(\w+)>", lambda match: str(values[match.group(1)]), route)
    if role != "anonymous":
        client.force_login(world.user(role))

    for method in methods:
        expected = POSTED.get(name, rule)(role, target) if method == "POST" else rule(role, target)
        response = client.get(url) if method == "GET" else client.post(url, {})
        assert_outcome(response, expected, f"{method} {url} as {role}")
    if methods == POST and role != "anonymous" and not name.startswith("admin:"):
        assert client.get(url).status_code == 405, f"GET {url} must be refused"


def assert_outcome(response, expected, where):
    status = response.status_code
    location = response.headers.get("Location", "")
    if expected == OK:
        assert status in (200, 302), f"{where}: {status}"
        assert "/login/" not in location, f"{where}: sent to sign in"
    elif expected == LOGIN:
        assert status == 302 and location.startswith(reverse("login")), f"{where}: {status}"
    elif expected == "admin_login":
        assert status == 302 and location.startswith(reverse("admin:login")), f"{where}"
    elif expected == HOME:
        assert status == 302 and location == reverse("home"), f"{where}: {status} {location}"
    else:
        assert status == expected, f"{where}: {status}, expected {expected}"


def test_platform_staff_open_the_admin(client, world):
    from tests.conftest import make_user

    client.force_login(make_user("root@example.org", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
    page = client.get(reverse("admin:accounts_enterprise_changelist"))
    assert page.status_code == 200
    assert "Atelier Vert" in page.text


def test_platform_admins_read_the_whole_audit_log(client, world):
    from tests.conftest import make_user

    client.force_login(make_user("root@example.org", is_staff=True, is_superuser=True))
    assert client.get(reverse("audit_log")).status_code == 200
    # Staff without every right run parts of the admin, not the platform.
    client.force_login(make_user("helper@example.org", is_staff=True))
    assert client.get(reverse("audit_log")).status_code == 403
