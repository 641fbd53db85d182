import functools

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from vises.evaluations import navigation
from vises.evaluations.plan import plain_decimal

register = template.Library()


@register.filter
def plain_number(value):
    """A decimal as people write it in their language: no trailing zeros, local separators."""
    if value is None or value == "":
        return ""
    shown = plain_decimal(value)
    decimals = len(shown.partition(".")[2])
    return number_format(value, decimal_pos=decimals, use_l10n=True)


@register.simple_tag(takes_context=True)
def evaluation_nav(context, evaluation) -> SafeString:
    """The evaluation's navigation, as the page's visitor may follow it."""
    request = context["request"]
    match = request.resolver_match
    return navigation.html(request.user, evaluation, match.url_name if match else "")


SUBSTEP = """<li>
            <span class="status">{status}</span>
            {title}
            {missing}
            {confirm}
            {summary}
            {comments}
          </li>"""


@register.simple_tag(takes_context=True)
def journey_substep(context, substep) -> SafeString:
    """A sub-step of the journey screen (`journey.Substep`): whether it is done, its page
    (unlinked for those outside the team when it is the team's alone), what it misses, the
    team's button to say it is done when only the team can tell, its summary and its
    comments. Made in Python, escaped as the template would: the screen shows some twenty
    sub-steps, and the template language costs several times more. Its fixed words are
    translated once per language, and trusted, as {% translate %} trusts those of its
    literal texts."""
    words = _substep_words(get_language())
    may_edit = context["may_edit"]
    title = conditional_escape(substep.title)
    if may_edit or not substep.team_only:
        title = f'<a href="{conditional_escape(substep.url)}">{title}</a>'
    missing = confirm = summary = comments = ""
    if substep.missing:
        what = conditional_escape(substep.missing)
        missing = f'<span class="muted">: {words["missing"]} {what}</span>'
    if substep.confirm_url and may_edit and not substep.done:
        action, token = conditional_escape(substep.confirm_url), CsrfTokenNode().render(context)
        confirm = (
            f'<form class="inline" method="post" action="{action}">{token}'
            f'<button type="submit">{words["read"]}</button></form>'
        )
    if substep.summary:
        summary = f'<br><span class="substep-summary">{conditional_escape(substep.summary)}</span>'
    if substep.comments:
        # As {% blocktranslate %} does: the number escaped.
        count = ngettext("%(counter)s comment", "%(counter)s comments", substep.comments) % {
            "counter": conditional_escape(localize(substep.comments))
        }
        thread = reverse("evaluation_comments", args=[context["evaluation"].pk, substep.section])
        comments = f' · <a href="{conditional_escape(thread)}">{count}</a>'
    return mark_safe(
        SUBSTEP.format(
            status=words["done"] if substep.done else words["to do"],
            title=title,
            missing=missing,
            confirm=confirm,
            summary=summary,
            comments=comments,
        )
    )


@functools.cache
def _substep_words(language: str) -> dict[str, str]:
    """The fixed words of a sub-step, in `language` (the one active)."""
    done, to_do = _("done"), _("to do")
    return {
        "done": f'✓ <span class="visually-hidden">{done}</span>',
        "to do": f'○ <span class="visually-hidden">{to_do}</span>',
        "missing": _("missing"),
        "read": _("We have read it"),
    }
