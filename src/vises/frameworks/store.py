"""Storing framework documents as versions, and reading them back."""

import copy
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import document
from .models import Framework, FrameworkVersion

DEFAULT_FILE = Path(__file__).parent / "default" / "vises-default.yaml"


def load(text: str, filename: str = "") -> tuple[FrameworkVersion, list, bool]:
    """Check a document and store it as a published version, all or nothing.

    Returns the version, the warnings, and whether it was new. Loading the same document
    again changes nothing; a different document under a published number is refused.
    Raises FrameworkError listing every problem.
    """
    data, warnings = document.parse(text, filename)
    with transaction.atomic():
        framework, _created = Framework.objects.get_or_create(code=data["code"])
        existing = FrameworkVersion.objects.filter(
            framework=framework, version=data["version"]
        ).first()
        if existing:
            if existing.document == data:
                return existing, warnings, False
            raise document.FrameworkError(
                [
                    document.Problem(
                        "version",
                        _(
                            "version %(version)s of %(code)s is already stored and cannot "
                            "change; give this file a new version number"
                        )
                        % {"version": data["version"], "code": data["code"]},
                        line=1,
                        filename=filename,
                    )
                ]
            )
        version = FrameworkVersion.objects.create(
            framework=framework,
            version=data["version"],
            status=FrameworkVersion.Status.PUBLISHED,
            title=data["title"],
            document=data,
            published_at=timezone.now(),
        )
    return version, warnings, True


def load_default() -> FrameworkVersion:
    version, _warnings, _created = load(DEFAULT_FILE.read_text(encoding="utf-8"), DEFAULT_FILE.name)
    return version


def get_version(code: str, number: int | None = None) -> FrameworkVersion:
    """A stored version, by default the latest published one. Raises DoesNotExist."""
    versions = FrameworkVersion.objects.filter(framework__code=code).select_related("framework")
    if number is None:
        return versions.filter(status=FrameworkVersion.Status.PUBLISHED).latest("version")
    return versions.get(version=number)


def dump(version: FrameworkVersion) -> str:
    return document.write(version.document)


def _check_document(data: dict) -> dict:
    """Validate a document built in the interface; raises FrameworkError."""
    source = document.Source(data)
    errors = document.errors(document.check(source))
    if errors:
        raise document.FrameworkError(errors)
    return data


@transaction.atomic
def fork(base: FrameworkVersion, network) -> FrameworkVersion:
    """A draft for `network`, starting from `base`. A network keeps one draft per framework
    line: forking again opens the existing draft."""
    if base.framework.network_id == network.id:
        framework = base.framework
    else:
        code = f"{base.framework.code}-{slugify(network.name)}"[:60]
        framework, _created = Framework.objects.get_or_create(code=code, network=network)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    draft = framework.versions.filter(status=FrameworkVersion.Status.DRAFT).first()
    if draft:
        return draft
    latest = framework.versions.aggregate(latest=models.Max("version"))["latest"] or 0
    number = max(latest, base.version) + 1
    data = {**base.document, "code": framework.code, "version": number}
    return FrameworkVersion.objects.create(
        framework=framework,
        version=number,
        status=FrameworkVersion.Status.DRAFT,
        title=data["title"],
        document=data,
        based_on=base,
    )


def _edit(draft_id: int, change) -> FrameworkVersion:
    """Apply `change(document)` to a draft, keeping it only if the result is valid."""
    with transaction.atomic():
        draft = FrameworkVersion.objects.select_for_update().get(pk=draft_id)
        if draft.status != FrameworkVersion.Status.DRAFT:
            raise document.FrameworkError(
                [document.Problem("", _("A published version cannot change; fork it first."))]
            )
        data = _check_document(change(copy.deepcopy(draft.document)))
        draft.document, draft.title = data, data["title"]
        draft.save(update_fields=["document", "title"])
    return draft


# The sections a person edits record by record, and where their records live.
EDITABLE_SECTIONS = (
    "lexicon",
    "dimensions",
    "themes",
    "evaluative_questions",
    "indicators",
    "bank_items",
)


def section_records(data: dict, section: str, parent: str | None = None) -> list[dict]:
    """The list holding a section's records; for themes, the list of dimension `parent`
    (or, without a parent, every theme)."""
    if section == "dimensions":
        return data["schema"]["dimensions"]
    if section == "themes":
        dimensions = data["schema"]["dimensions"]
        if parent is None:
            return [theme for dimension in dimensions for theme in dimension["themes"]]
        return next(d["themes"] for d in dimensions if d["code"] == parent)
    if section == "bank_items":
        return data["question_bank"]["items"]
    return data[section]


def find_record(data: dict, section: str, code: str) -> dict | None:
    return next((r for r in section_records(data, section) if r.get("code") == code), None)


def _list_holding(data: dict, section: str, code: str) -> list[dict]:
    if section == "themes":
        return next(
            d["themes"]
            for d in data["schema"]["dimensions"]
            if any(t["code"] == code for t in d["themes"])
        )
    return section_records(data, section)


_EMPTY = ({}, "", None, [])


def add_record(
    draft: FrameworkVersion, section: str, record: dict, parent: str | None = None
) -> FrameworkVersion:
    """Add a record at the end of a draft's section (a theme, at the end of `parent`).
    Empty values are left out, as `update_record` removes them."""
    record = {key: value for key, value in record.items() if value not in _EMPTY}

    def change(data):
        if section == "dimensions":
            record.setdefault("themes", [])
        section_records(data, section, parent).append(record)
        return data

    return _edit(draft.pk, change)


def update_record(draft: FrameworkVersion, section: str, code: str, values: dict):
    """Change some keys of a record; an empty value removes an optional key."""

    def change(data):
        record = find_record(data, section, code)
        for key, value in values.items():
            if value in _EMPTY:
                record.pop(key, None)
            else:
                record[key] = value
        return data

    return _edit(draft.pk, change)


def remove_record(draft: FrameworkVersion, section: str, code: str) -> FrameworkVersion:
    """Remove a record; refused if other parts still refer to it."""

    def change(data):
        records = _list_holding(data, section, code)
        records[:] = [r for r in records if r.get("code") != code]
        return data

    return _edit(draft.pk, change)


def replace_content(draft: FrameworkVersion, text: str, filename: str = "") -> FrameworkVersion:
    """Replace a draft's content with a YAML document for the same code and version."""
    data, _warnings = document.parse(text, filename)
    if (data["code"], data["version"]) != (draft.framework.code, draft.version):
        raise document.FrameworkError(
            [
                document.Problem(
                    "code",
                    _("this file is %(file)s but the draft is %(draft)s")
                    % {
                        "file": f"{data['code']} v{data['version']}",
                        "draft": f"{draft.framework.code} v{draft.version}",
                    },
                    line=1,
                    filename=filename,
                )
            ]
        )
    return _edit(draft.pk, lambda _old: data)


@transaction.atomic
def publish(draft: FrameworkVersion) -> FrameworkVersion:
    draft = FrameworkVersion.objects.select_for_update().get(pk=draft.pk)
    if draft.status == FrameworkVersion.Status.DRAFT:
        _check_document(draft.document)
        draft.status = FrameworkVersion.Status.PUBLISHED
        draft.published_at = timezone.now()
        draft.save(update_fields=["status", "published_at"])
    return draft
