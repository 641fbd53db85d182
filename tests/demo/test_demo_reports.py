"""The demo's reports agree with themselves: the exit rates its texts quote (31 % and 57 %
in 2025) are computed from counts its plan follows, and the share its text says rose
from 11 % to 29 % starts at 11 % in the table."""

from django.test import Client
from django.urls import reverse

from tests.demo.test_demo import run_demo
from vises.evaluations.models import PlanIndicator
from vises.reports.models import Report

NBSP = "\u00a0"


def table(page: str, caption: str) -> str:
    return page.split(f"{caption}</caption>")[1].split("</table>")[0]


def test_the_demo_funders_report_gives_the_figures_its_text_quotes(db, capsys):
    run_demo(capsys)
    report = Report.objects.get(audience="funders", evaluation__title__endswith="2025")
    page = Client().get(reverse("report_public", args=[report.public_token])).content.decode()
    key_indicators = table(page, "Indicateurs et cibles")
    for rate, value in [
        ("Taux de sorties vers l&#x27;emploi", 31),
        ("Taux de sorties positives", 57),
    ]:
        row = key_indicators.split(rate)[1].split("</tr>")[0]
        assert f"<td>{value}{NBSP}% (2025)</td>" in row
        assert f"{value}{NBSP}% de sorties" in page or f"{value}{NBSP}% vers" in page  # the text
    share = key_indicators.split("Bonne estime de soi")[1].split("</tr>")[0]
    assert f"<td>11{NBSP}% (Entrée)</td>" in share and f"<td>29{NBSP}% (Sortie)</td>" in share
    assert f"de 11{NBSP}% à 29{NBSP}%" in page
    assert "Pas encore de données" not in key_indicators
    assert "Figures as of" not in page and "Chiffres au " in page  # dated, in French
    assert page.count("<svg") >= 7  # the charts, drawn again from the published data


def test_every_demo_formula_indicator_has_its_inputs_in_the_plan(db, capsys):
    from vises.analysis.indicators import standings

    run_demo(capsys)
    formulas = PlanIndicator.objects.filter(code__in=["employment_exits_rate"])
    assert formulas.count() == 2  # 2025 and 2026
    for indicator in formulas:
        assert all(not s.missing for s in standings(indicator.plan_row.evaluation))
