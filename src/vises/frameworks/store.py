"""Storing framework documents as versions, and reading them back."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone
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
