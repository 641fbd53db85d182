"""The framework's method guides, read and printed by the team from step 2's material and
from the collection plan, in French, Dutch or English."""

import re

from django.urls import reverse


def test_the_team_opens_the_interview_grid_from_the_material(team, evaluation):
    material = team.get(reverse("qualitative_material", args=[evaluation.pk]))
    url = reverse("qualitative_method_guide", args=[evaluation.pk, "interview"])
    assert f'<a href="{url}">Interview grid</a>' in material.text

    page = team.get(url)
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "<h1>Interview grid</h1>" in page.text
    assert "Explain the purpose of the interview" in page.text
    assert "<h2>What changed for you</h2>" in page.text
    assert "Themes explored: Individuals" in page.text
    assert "<li>Can you tell me about a moment when you felt this change?" in page.text
    # Printable: the paper stylesheet, a print button run by a file, no inline style.
    assert "vises/paper.css" in page.text and "data-print" in page.text
    assert not re.search(r"<style|\sstyle=|<script>", page.text)


def test_the_guide_is_read_in_each_language(team, evaluation):
    url = reverse("qualitative_method_guide", args=[evaluation.pk, "interview"])
    dutch = team.get(url, {"language": "nl"})
    assert '<html lang="nl">' in dutch.text
    assert "<h1>Interviewleidraad</h1>" in dutch.text
    assert "Kunt u een moment vertellen waarop u die verandering voelde?" in dutch.text
    # The page's own words follow the guide's language.
    assert "Afdrukken" in dutch.text
    french = team.get(url, {"language": "fr"})
    assert "<h1>Grille d&#x27;entretien</h1>" in french.text
    assert '<a href="?language=fr" lang="fr" aria-current="true">' in french.text
    # An unknown language gives the reader's.
    assert "<h1>Interview grid</h1>" in team.get(url, {"language": "de"}).text


def test_a_method_the_framework_gives_no_guide_for_is_not_found(team, evaluation):
    for method in ["focus_group", "observation", "nonsense"]:
        url = reverse("qualitative_method_guide", args=[evaluation.pk, method])
        assert team.get(url).status_code == 404


def test_the_plan_row_offers_its_guide(team, evaluation):
    evaluation.plan_rows.create(question=evaluation.questions.get(), methods=["focus_group"])
    plan = team.get(reverse("evaluation_plan", args=[evaluation.pk]))
    url = reverse("qualitative_method_guide", args=[evaluation.pk, "interview"])
    # The example framework guides interviews only: one link, on the interview row.
    assert plan.text.count(f'<a href="{url}">Interview grid</a>') == 1
    assert "qualitative_method_guide" not in plan.text
    assert plan.text.count("/material/guides/") == 1


def test_a_framework_version_without_guides_offers_none(team, evaluation):
    version = evaluation.framework_version
    version.document = {k: v for k, v in version.document.items() if k != "method_guides"}
    version.save()
    material = team.get(reverse("qualitative_material", args=[evaluation.pk]))
    assert "/material/guides/" not in material.text
    url = reverse("qualitative_method_guide", args=[evaluation.pk, "interview"])
    assert team.get(url).status_code == 404
