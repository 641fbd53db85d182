"""One question to answer, with its error, made in Python: a respondent page shows up to
a dozen questions of a few choices each, and the template language cost several times
more for them than the rest of the request's Python. Every value is escaped, as the
template would, by the standard library's `html.escape`: Django's escape calls it too,
after looking for lazy and safe strings, which these texts never are, and that looking cost
three times the escaping, most of the tag's time. The markup is the template's, byte for
byte.

Give it a question from `vises.surveys.responding.question_view`. Field names are the
question's code (and "<code>.other"); ids start with "q-<code>".
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vises.surveys import answers

register = template.Library()


def _lang(code: str) -> str:
    return f' lang="{escape(code)}"' if code else ""


def _help(q: dict) -> str:
    if not q["help"]:
        return ""
    qid, lang = escape(q["id"]), _lang(q["help_lang"])
    return f'<p class="help" id="{qid}:help"{lang}>{escape(q["help"])}</p>'


def _label(q: dict) -> str:
    """The question's text and, if it must be answered, the word saying so."""
    if not q["required"]:
        return f"<span{_lang(q['text_lang'])}>{escape(q['text'])}</span>"
    required = escape(_("required"))
    return (
        f"<span{_lang(q['text_lang'])}>{escape(q['text'])}</span>"
        f' <span class="required">({required})</span>'
    )


def _conditional(q: dict, paper: bool) -> str:
    if not (q["conditional"] and paper):
        return ""
    text = _("Asked only to some respondents, depending on earlier answers.")
    return f'<p class="help">{escape(text)}</p>'


def _error(q: dict) -> str:
    if not q["error"]:
        return ""
    label = escape(_("Error:"))
    return (
        f'<p class="field-errors" id="{escape(q["id"])}:error"><span class="visually-hidden">'
        f"{label} </span>{escape(q['error'])}</p>"
    )


def _attributes(q: dict) -> str:
    """aria-required, aria-invalid and aria-describedby of a field alone."""
    return "".join(
        (
            ' aria-required="true"' if q["required"] else "",
            ' aria-invalid="true"' if q["error"] else "",
            f' aria-describedby="{escape(q["describedby"])}"' if q["describedby"] else "",
        )
    )


def _choices(q: dict, paper: bool) -> str:
    qid, invalid = escape(q["id"]), ' aria-invalid="true"' if q["error"] else ""
    kind = "checkbox" if q["multiple"] else "radio"
    name = escape(q["name"])
    described = f' aria-describedby="{escape(q["describedby"])}"' if q["describedby"] else ""
    hint = several = ""
    if q["kind"] == "rating_0_10":
        lowest = escape(_("0 is the lowest, 10 the highest."))
        hint = f'<p class="help" id="{qid}:hint">{lowest}</p>'
    if q["multiple"]:
        several = escape(_("You can choose several answers."))
        several = f'<p class="help">{several}</p>'
    other_label = escape(_("If other, say which"))
    parts = [
        f'\n  <fieldset class="choices-group"{described}>\n'
        f"    <legend>{_label(q)}</legend>\n"
        f"    {_help(q)}\n    {hint}\n    {several}\n    {_conditional(q, paper)}\n"
        f"    {_error(q)}\n"
        f'    <div class="choices{" rating" if q["kind"] == "rating_0_10" else ""}">\n      '
    ]
    for choice in q["choices"]:
        cid = escape(choice["id"])
        checked = " checked" if choice["value"] in q["chosen"] else ""
        parts.append(
            f'\n        <label class="choice" for="{cid}"><input type="{kind}" name="{name}" '
            f'id="{cid}" value="{escape(choice["value"])}"{checked}{invalid}> '
            f"<span{_lang(choice['lang'])}>{escape(choice['label'])}</span></label>\n      "
        )
    parts.append("\n    </div>\n    ")
    for choice in q["choices"]:
        if choice.get("other"):
            parts.append(
                '\n      <div class="other-field">\n'
                f'        <label for="{qid}:other">{other_label}</label>\n'
                f'        <input type="text" id="{qid}:other" name="{escape(q["other_name"])}" '
                f'value="{escape(q["other"])}" autocomplete="off">\n'
                "      </div>\n    "
            )
    parts.append("\n  </fieldset>\n")
    return "".join(parts)


def _number_hint(q: dict) -> str:
    if q["minimum"] is not None and q["maximum"] is not None:
        # As {% blocktranslate %}: the values are escaped, not the translated sentence.
        return _("A number from %(minimum)s to %(maximum)s.") % {
            "minimum": escape(answers.number_text(q["minimum"])),
            "maximum": escape(answers.number_text(q["maximum"])),
        }
    if q["integer_only"]:
        return escape(_("A whole number."))
    return escape(_("A number, such as 12 or 3.5."))


def _field(q: dict, paper: bool) -> str:
    qid, name, value = escape(q["id"]), escape(q["name"]), escape(q["value"])
    if q["kind"] == "number":
        hint = f'<p class="help" id="{qid}:hint">{_number_hint(q)}</p>\n    '
    elif q["kind"] == "date":
        example = _("Day, month, year: for example 31/03/2026.")
        hint = f'<p class="help" id="{qid}:hint">{escape(example)}</p>'
    else:
        hint = ""
    if q["kind"] == "long_text":
        entry = (
            f'\n      <textarea id="{qid}" name="{name}" rows="5"{_attributes(q)}>'
            f"{value}</textarea>\n    "
        )
    else:
        if q["kind"] == "number":
            numeric = "numeric" if q["integer_only"] else "decimal"
            kind = f'type="text" inputmode="{numeric}" class="short"'
        elif q["kind"] == "date":
            kind = 'type="date" class="short"'
        else:
            kind = 'type="text"'
        entry = (
            f'\n      <input id="{qid}" name="{name}" value="{value}" autocomplete="off"\n'
            f"        {kind}{_attributes(q)}>\n    "
        )
    return (
        '\n  <div class="field">\n'
        f'    <label for="{qid}">{_label(q)}</label>\n'
        f"    {_help(q)}\n    {hint}\n    {_conditional(q, paper)}\n    {_error(q)}\n"
        f"    {entry}\n  </div>\n"
    )


@register.simple_tag
def question_field(q: dict, paper: bool = False) -> SafeString:
    """The question, its help, its error and its fields; `paper` adds the note of a
    question asked only to some respondents (the team types a paper sheet in)."""
    body = _choices(q, paper) if q["grouped"] else _field(q, paper)
    error = " has-error" if q["error"] else ""
    return mark_safe(f'<div class="question{error}">\n{body}\n</div>\n')  # noqa: S308 (escaped above)
