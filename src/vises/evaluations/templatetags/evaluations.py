from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    comments. Made in Python, escaped by `format_html` as the template would: the screen
    shows some twenty sub-steps, and the template language costs several times more.
    Translations are trusted, as {% translate %} trusts those of its literal texts."""
    may_edit = context["may_edit"]
    if substep.done:
        status = format_html('✓ <span class="visually-hidden">{}</span>', mark_safe(_("done")))
    else:
        status = format_html('○ <span class="visually-hidden">{}</span>', mark_safe(_("to do")))
    if substep.team_only and not may_edit:
        title = conditional_escape(substep.title)
    else:
        title = format_html('<a href="{}">{}</a>', substep.url, substep.title)
    confirm = ""
    if substep.confirm_url and may_edit and not substep.done:
        confirm = format_html(
            '<form class="inline" method="post" action="{}">{}<button type="submit">{}</button>'
            "</form>",
            substep.confirm_url,
            CsrfTokenNode().render(context),
            mark_safe(_("We have read it")),
        )
    comments = ""
    if substep.comments:
        # As {% blocktranslate %} does: the number escaped.
        count = ngettext("%(counter)s comment", "%(counter)s comments", substep.comments) % {
            "counter": conditional_escape(localize(substep.comments))
        }
        comments = format_html(
            ' · <a href="{}">{}</a>',
            reverse("evaluation_comments", args=[context["evaluation"].pk, substep.section]),
            mark_safe(count),
        )
    return format_html(
        SUBSTEP,
        status=status,
        title=title,
        missing=format_html(
            '<span class="muted">: {} {}</span>', mark_safe(_("missing")), substep.missing
        )
        if substep.missing
        else "",
        confirm=confirm,
        summary=format_html('<br><span class="substep-summary">{}</span>', substep.summary)
        if substep.summary
        else "",
        comments=comments,
    )
