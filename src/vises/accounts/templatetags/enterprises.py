"""A row of the enterprise list, made in Python: the list shows up to 50 rows, and the
template language costs several times more for each of them. Every value is escaped by
`format_html`, as the template would; translations are trusted, as {% translate %} trusts
those of its literal texts."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vises.accounts.models import Enterprise

register = template.Library()

ROW = """<tr>
          <th scope="row"><a href="{href}">{name}</a></th>
          <td>{group}</td>
          <td>{municipality}</td>
          <td>{region}</td>
          <td>{network}</td>
          <td>{coaches}</td>
        </tr>"""


@register.simple_tag
def enterprise_row(row: dict) -> SafeString:
    """An enterprise's row: its name linked to its page, its group, municipality, region,
    network (or how it stands alone) and coaches; `href`, the labels and the coaches' names
    are given by the view (accounts.views.enterprise_list)."""
    if not row["network__name"]:
        network = row["admission_label"]
    elif row["admission"] != Enterprise.Admission.ADMITTED:
        network = format_html(
            '{} <span class="badge">{}</span>', row["network__name"], row["admission_label"]
        )
    else:
        network = row["network__name"]
    return format_html(
        ROW,
        href=row["href"],
        name=row["name"],
        group=row["group_label"],
        municipality=row["municipality"],
        region=row["region_label"],
        network=network,
        coaches=format_html_join(", ", "{}", ((coach,) for coach in row["coaches"]))
        or format_html('<span class="muted">{}</span>', mark_safe(_("none"))),
    )
