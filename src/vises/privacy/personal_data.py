"""Everything the platform holds about one person, gathered for them to read or download.

Each kind of record that points to a person is listed once in `HOLDINGS`: what it is
called, which of its fields say what the person did or wrote, and what becomes of it when
the person has their account erased. A test walks every relation to the user model and
fails when a new one is missing here, so the download stays complete as the product grows.

What others wrote is left out even where the person's record points to it: a change in
the history gives what the person wrote (`after`), never what was there before; a paper
sheet they typed in gives its date and survey, never the respondent's answers.
"""

import datetime
import decimal
import json
from dataclasses import dataclass
from typing import Literal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from vises.access import rules

ACCOUNT_FIELDS = (
    ("email", _("email address")),
    ("full_name", _("full name")),
    ("preferred_language", _("preferred language")),
    ("date_joined", _("date joined")),
    ("last_login", _("last sign-in")),
    ("is_active", _("active")),
)


@dataclass(frozen=True)
class Holding:
    """One kind of record held about a person: `model` ("app.Model") whose `field` points
    to them, shown under `title` with `columns` (key, label, attribute path). On erasure
    the records are deleted ("delete"; for a many-to-many field, only the person's link)
    or kept for the enterprise under "Former member" ("keep")."""

    model: str
    field: str
    title: str
    columns: tuple[tuple[str, str, str], ...]
    on_erasure: Literal["delete", "keep"] = "keep"

    def forget(self, user) -> None:
        """Delete the person's records, or their link for a many-to-many field."""
        model = apps.get_model(self.model)
        field = model._meta.get_field(self.field)
        if field.many_to_many:
            links = field.remote_field.through._default_manager
            links.filter(**{field.m2m_reverse_field_name(): user}).delete()
        else:
            self.records(user).delete()

    def records(self, user):
        return (
            apps.get_model(self.model)._default_manager.filter(**{self.field: user}).order_by("pk")
        )


EVALUATION = ("evaluation", _("evaluation"), "evaluation")
ENTERPRISE = ("enterprise", _("enterprise"), "enterprise")

HOLDINGS = (
    Holding(
        "accounts.NetworkMembership",
        "user",
        _("Roles in networks"),
        (
            ("network", _("network"), "network"),
            ("role", _("role"), "get_role_display"),
            ("since", _("since"), "created_at"),
        ),
        on_erasure="delete",
    ),
    Holding(
        "accounts.EnterpriseMembership",
        "user",
        _("Roles in enterprises"),
        (ENTERPRISE, ("role", _("role"), "get_role_display"), ("since", _("since"), "created_at")),
        on_erasure="delete",
    ),
    Holding(
        "accounts.CoachAssignment",
        "coach",
        _("Enterprises you coach"),
        (ENTERPRISE, ("since", _("since"), "created_at")),
        on_erasure="delete",
    ),
    Holding(
        "accounts.Invitation",
        "invited_by",
        _("Invitations you sent"),
        # Not the addresses: they are the invited people's, not the sender's.
        (
            ("organisation", _("organisation"), "organisation"),
            ("role", _("role"), "get_role_display"),
            ("sent", _("sent on"), "created_at"),
            ("accepted", _("accepted on"), "accepted_at"),
        ),
    ),
    Holding(
        "evaluations.Evaluation",
        "team",
        _("Evaluation teams you are in"),
        (("evaluation", _("evaluation"), "title"), ENTERPRISE),
        on_erasure="delete",
    ),
    Holding(
        "evaluations.Evaluation",
        "created_by",
        _("Evaluations you started"),
        (("evaluation", _("evaluation"), "title"), ENTERPRISE, ("on", _("on"), "created_at")),
    ),
    Holding(
        "evaluations.Part",
        "updated_by",
        _("Parts you saved last"),
        (EVALUATION, ("part", _("part"), "get_name_display"), ("on", _("on"), "updated_at")),
    ),
    Holding(
        "evaluations.Change",
        "user",
        _("Changes you made (history)"),
        (
            EVALUATION,
            ("part", _("part"), "part"),
            ("on", _("on"), "at"),
            ("written", _("what you saved"), "after"),
        ),
    ),
    Holding(
        "evaluations.Comment",
        "author",
        _("Comments"),
        (
            EVALUATION,
            ("part", _("part"), "get_section_display"),
            ("on", _("on"), "created_at"),
            ("text", _("comment"), "text"),
        ),
    ),
    Holding(
        "evaluations.AccompanimentSession",
        "coach",
        _("Accompaniment sessions you logged"),
        (
            EVALUATION,
            ("date", _("date"), "date"),
            ("minutes", _("duration (minutes)"), "duration_minutes"),
            ("step", _("step"), "get_step_display"),
            ("topics", _("topics"), "topics"),
            ("notes", _("notes"), "notes"),
        ),
    ),
    Holding(
        "evaluations.StepFeedback",
        "given_by",
        _("Feedback you gave on the accompaniment"),
        (
            EVALUATION,
            ("step", _("step"), "get_step_display"),
            ("usefulness", _("usefulness"), "usefulness"),
            ("difficulty", _("difficulty"), "difficulty"),
            ("helped", _("what helped"), "helped"),
            ("missing", _("what was missing"), "missing"),
            ("on", _("on"), "given_at"),
        ),
    ),
    Holding(
        "evaluations.ImprovementAction",
        "created_by",
        _("Improvement actions you added"),
        (
            EVALUATION,
            ("what", _("what"), "what"),
            ("who", _("who"), "who"),
            ("on", _("on"), "created_at"),
        ),
    ),
    Holding(
        "evaluations.ActionUpdate",
        "user",
        _("Follow-up you wrote on actions"),
        (
            ("action", _("action"), "action"),
            ("status", _("status"), "get_status_display"),
            ("note", _("note"), "note"),
            ("on", _("on"), "at"),
        ),
    ),
    Holding(
        "surveys.Survey",
        "created_by",
        _("Surveys you made"),
        (EVALUATION, ("survey", _("survey"), "__str__"), ("on", _("on"), "created_at")),
    ),
    Holding(
        "surveys.Response",
        "entered_by",
        _("Paper sheets you typed in"),
        (
            ("survey", _("survey"), "wave.survey"),
            ("wave", _("wave"), "wave"),
            ("on", _("on"), "submitted_at"),
        ),
    ),
    Holding(
        "indicators.IndicatorValue",
        "entered_by",
        _("Indicator values you entered"),
        (
            ("indicator", _("indicator"), "indicator"),
            ("period", _("period"), "period"),
            ("number", _("value"), "number"),
            ("text", _("text"), "text"),
            ("source", _("source"), "source"),
            ("comment", _("comment"), "comment"),
            ("on", _("on"), "entered_at"),
        ),
    ),
    Holding(
        "interpretation.Quote",
        "marked_by",
        _("Quotes you chose"),
        (("question", _("evaluative question"), "question"), ("on", _("on"), "marked_at")),
    ),
    Holding(
        "interpretation.Round",
        "created_by",
        _("Interpretation rounds you opened"),
        (
            ("question", _("evaluative question"), "question"),
            ("title", _("title"), "title"),
            ("introduction", _("introduction"), "introduction"),
            ("on", _("on"), "created_at"),
        ),
    ),
    Holding(
        "interpretation.Opinion",
        "author",
        _("What you said of findings"),
        (
            ("finding", _("finding"), "finding"),
            ("verdict", _("verdict"), "get_verdict_display"),
            ("comment", _("comment"), "comment"),
            ("name", _("name"), "name"),
            ("on", _("on"), "given_at"),
        ),
    ),
    Holding(
        "interpretation.Interpretation",
        "updated_by",
        _("Interpretations you saved last"),
        (
            ("question", _("evaluative question"), "question"),
            ("agreed", _("agreed interpretation"), "agreed"),
            ("lessons", _("lessons for our practice"), "lessons"),
            ("on", _("on"), "updated_at"),
        ),
    ),
    Holding(
        "reports.Report",
        "created_by",
        _("Reports you made"),
        (EVALUATION, ("title", _("title"), "title"), ("on", _("on"), "created_at")),
    ),
    Holding(
        "reports.Rendition",
        "requested_by",
        _("Report files you asked for"),
        (
            ("report", _("report"), "report"),
            ("format", _("format"), "get_format_display"),
            ("on", _("on"), "requested_at"),
        ),
    ),
    Holding(
        "reports.TerritorialReport",
        "created_by",
        _("Territorial reports you made"),
        (
            ("programme", _("programme"), "programme"),
            ("title", _("title"), "title"),
            ("on", _("on"), "created_at"),
        ),
    ),
    Holding(
        "reports.TerritorialRendition",
        "requested_by",
        _("Territorial report files you asked for"),
        (
            ("report", _("report"), "report"),
            ("format", _("format"), "get_format_display"),
            ("on", _("on"), "requested_at"),
        ),
    ),
    Holding(
        "admin.LogEntry",
        "user",
        _("Changes you made in the platform administration"),
        (
            ("object", _("object"), "object_repr"),
            ("change", _("what changed"), "get_change_message"),
            ("on", _("on"), "action_time"),
        ),
    ),
    Holding(
        "otp_totp.TOTPDevice",
        "user",
        _("Authenticator apps for two-factor sign-in"),
        (
            ("name", _("name"), "name"),
            ("confirmed", _("confirmed"), "confirmed"),
            ("since", _("since"), "created_at"),
            ("used", _("last used"), "last_used_at"),
        ),
        on_erasure="delete",
    ),
    Holding(
        "otp_static.StaticDevice",
        "user",
        _("Recovery codes for two-factor sign-in"),
        (("since", _("since"), "created_at"), ("used", _("last used"), "last_used_at")),
        on_erasure="delete",
    ),
    Holding(
        "networks.Programme",
        "coaches",
        _("Programmes you coach in"),
        (
            ("programme", _("programme"), "name"),
            ("network", _("network"), "network"),
            ("from", _("from"), "starts_on"),
            ("to", _("to"), "ends_on"),
        ),
        on_erasure="delete",
    ),
    Holding(
        "networks.SentReminder",
        "recipient",
        _("Reminders sent to you"),
        (("kind", _("kind"), "kind"), ("on", _("on"), "sent_at")),
        on_erasure="delete",
    ),
    Holding(
        "evaluations.SharingConsent",
        "decided_by",
        _("Data-sharing decisions you took"),
        (
            EVALUATION,
            ("level", _("what the network may use"), "get_level_display"),
            ("on", _("on"), "decided_at"),
        ),
    ),
    Holding(
        "indicators.IndicatorImport",
        "created_by",
        _("Files of indicator values you imported"),
        (EVALUATION, ("file", _("file"), "file_name"), ("on", _("on"), "created_at")),
    ),
    Holding(
        "indicators.IndicatorImport",
        "undone_by",
        _("Imports of indicator values you undid"),
        (EVALUATION, ("file", _("file"), "file_name"), ("on", _("on"), "undone_at")),
    ),
    Holding(
        "surveys.ResponseImport",
        "created_by",
        _("Files of responses you imported"),
        (
            ("survey", _("survey"), "survey"),
            ("file", _("file"), "file_name"),
            ("on", _("on"), "created_at"),
        ),
    ),
    Holding(
        "surveys.ResponseImport",
        "undone_by",
        _("Imports of responses you undid"),
        (
            ("survey", _("survey"), "survey"),
            ("file", _("file"), "file_name"),
            ("on", _("on"), "undone_at"),
        ),
    ),
    Holding(
        "qualitative.Document",
        "created_by",
        _("Interview and focus-group material you added"),
        (EVALUATION, ("title", _("title"), "title"), ("on", _("on"), "created_at")),
    ),
    Holding(
        "qualitative.Excerpt",
        "created_by",
        _("Passages you coded"),
        (("document", _("document"), "document"), ("on", _("on"), "created_at")),
    ),
    # The audit log is append-only: its entries stay, as the network needs them.
    Holding(
        "audit.AuditEntry",
        "actor",
        _("Access changes you made (audit log)"),
        (("kind", _("kind"), "get_kind_display"), ("on", _("on"), "at")),
    ),
    Holding(
        "audit.AuditEntry",
        "person",
        _("Access changes about you (audit log)"),
        (("kind", _("kind"), "get_kind_display"), ("on", _("on"), "at")),
    ),
)


def _resolve(record: Model, path: str):
    value = record
    for name in path.split("."):
        if value is None:
            return None
        value = getattr(value, name)
        if callable(value) and not isinstance(value, Model):
            value = value()
    return value


def plain(value):
    """A value as JSON holds it: texts, numbers, lists and maps; dates in ISO 8601."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize())
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return str(value)


@dataclass
class Section:
    """One kind of record held about a person: its rows map column keys to values."""

    key: str
    title: str
    labels: list[str]
    rows: list[dict]

    def plain_rows(self) -> list[dict]:
        return [{key: plain(value) for key, value in row.items()} for row in self.rows]

    def shown_rows(self) -> list[list[str]]:
        return [[shown(value) for value in row.values()] for row in self.rows]


def shown(value) -> str:
    """A value as the page shows it, in the reader's language."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return str(value)


def sections_for(user) -> list[Section]:
    """What is held about `user`, one section per kind of record, in `HOLDINGS` order
    (sections with no record included, so the person sees what could be there)."""
    sections = [
        Section(
            "account",
            _("Your account"),
            [label for _key, label in ACCOUNT_FIELDS],
            [{key: getattr(user, key) for key, _label in ACCOUNT_FIELDS}],
        )
    ]
    invitations = rules.invitations_to(user)
    sections.append(
        Section(
            "invitations_received",
            _("Invitations sent to you"),
            [_("organisation"), _("role"), _("sent on"), _("accepted on")],
            [
                {
                    "organisation": str(invitation.organisation),
                    "role": invitation.get_role_display(),
                    "sent": invitation.created_at,
                    "accepted": invitation.accepted_at,
                }
                for invitation in invitations.order_by("pk")
            ],
        )
    )
    for holding in HOLDINGS:
        rows = [
            {key: _resolve(record, path) for key, _label, path in holding.columns}
            for record in holding.records(user)
        ]
        sections.append(
            Section(
                f"{holding.model.split('.')[1].lower()}_{holding.field}",
                holding.title,
                [label for _key, label, _path in holding.columns],
                rows,
            )
        )
    return sections


def as_json(user) -> dict:
    """The download: every section by its key, with the moment it was made."""
    return {
        "made_at": plain(timezone.now()),
        **{section.key: section.plain_rows() for section in sections_for(user)},
    }


def person_relations() -> list[tuple[str, str]]:
    """Every (model, field) of the project that points to a person."""
    User = get_user_model()
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and not field.auto_created
                and field.related_model is User
            ):
                found.append((model._meta.label, field.name))
    return found
