import sys

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises import safe_input
from vises.frameworks.document import LANGUAGES
from vises.frameworks.management.commands.framework import terminal_language


def problem_text(problem: str) -> str:
    if problem == "control":
        return _("control characters in a text")
    if problem == "not_finite":
        return _("a number that is not finite (NaN or infinity)")
    if problem == "too_large":
        limit = number_format(safe_input.LIMIT, force_grouping=True)
        return _("a number beyond plus or minus %(limit)s") % {"limit": limit}
    return _("a number with more than %(digits)s significant digits or decimals") % {
        "digits": safe_input.DIGITS
    }


class Command(BaseCommand):
    help = (
        "Report stored values that break the rules typed values follow today: control "
        "characters in texts, numbers that are not finite, beyond ±10^15 or more precise "
        "than 15 digits. Exits with status 1 when it finds any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=terminal_language(),
            help="Language of the messages (default: from LANG).",
        )

    def handle(self, *args, language, **options):
        with translation.override(language):
            found = 0
            for label, pk, path, problem in safe_input.stored_problems():
                found += 1
                self.stdout.write(
                    _("%(model)s %(id)s, %(field)s: %(problem)s")
                    % {"model": label, "id": pk, "field": path, "problem": problem_text(problem)}
                )
            if not found:
                self.stdout.write(_("No stored value breaks the rules."))
                return
            self.stderr.write(
                ngettext(
                    "%(count)s stored value breaks the rules: correct it or remove the "
                    "response it belongs to.",
                    "%(count)s stored values break the rules: correct them or remove the "
                    "responses they belong to.",
                    found,
                )
                % {"count": found}
            )
        sys.exit(1)
