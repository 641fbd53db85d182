"""The rows and filters of the enterprise list, made in Python: the list shows up to 50
rows, and the template language costs several times more for each of them.

Every value is escaped as the template would escape it (the standard library's
`html.escape`, which `django.utils.html.escape` wraps); only the translation of "none" is
trusted, as {% translate %} trusts those of its literal texts. `format_html` would do the
same at several times the cost, its laziness checks repeated for each of the 600 values of
a page.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vises.accounts import listing
from vises.accounts.models import Enterprise

register = template.Library()


@register.simple_tag
def filter_options(field: str, selected: str) -> SafeString:
    """The `<option>`s of the list's filter on `field`, the one `selected` marked so."""
    return mark_safe(
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
            f"{escape(label)}</option>"
            for value, label in listing.labels(get_language())[field].items()
        )
    )


@register.simple_tag
def enterprise_rows(rows: list[dict]) -> SafeString:
    """The rows of a page of the list (see `_row`)."""
    return mark_safe("".join(f"\n        {_row(row)}\n      " for row in rows))


def _row(row: dict) -> str:
    """An enterprise's row: its name linked to its page, its group, municipality, region,
    network (or how it stands alone) and coaches; `href`, the labels and the coaches' names
    are given by `accounts.listing.EnterpriseList`."""
    if not row["network__name"]:
        network = escape(row["admission_label"])
    elif row["admission"] != Enterprise.Admission.ADMITTED:
        network = (
            f'{escape(row["network__name"])} <span class="badge">'
            f"{escape(row['admission_label'])}</span>"
        )
    else:
        network = escape(row["network__name"])
    if row["coaches"]:
        coaches = ", ".join(escape(coach) for coach in row["coaches"])
    else:
        coaches = f'<span class="muted">{_("none")}</span>'
    return f"""<tr>
          <th scope="row"><a href="{escape(row["href"])}">{escape(row["name"])}</a></th>
          <td>{escape(row["group_label"])}</td>
          <td>{escape(row["municipality"])}</td>
          <td>{escape(row["region_label"])}</td>
          <td>{network}</td>
          <td>{coaches}</td>
        </tr>"""
