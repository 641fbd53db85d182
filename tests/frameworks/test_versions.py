import html
import time

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import example_framework_text, make_framework_version
from tests.test_bounded_yaml import BILLION_LAUGHS, DEEP
from vises.frameworks import diff, document, store
from vises.frameworks.models import FrameworkVersion

NEW_INDICATOR = {
    "code": "repair_hours",
    "name_fr": "Heures de réparation",
    "name_nl": "Herstellingsuren",
    "name_en": "Repair hours",
    "definition_fr": "Heures passées à réparer des objets pendant l'année.",
    "definition_nl": "Uren besteed aan het herstellen van voorwerpen tijdens het jaar.",
    "definition_en": "Hours spent repairing objects during the year.",
    "unit_fr": "heures",
    "unit_nl": "uren",
    "unit_en": "hours",
    "kind": "counted",
    "themes": ["individuals"],
    "groups": ["sse_other"],
    "direction": "higher_is_better",
}


def fork_as_admin(client, world, base):
    client.force_login(world.user("network_admin"))
    response = client.post(reverse("framework_fork", args=[base.pk]), {"network": world.network.pk})
    draft = FrameworkVersion.objects.get(status="draft")
    assert response.headers["Location"] == reverse("framework_detail", args=[draft.pk])
    return draft


def test_fork_add_an_indicator_publish_and_see_the_diff(client, world):
    base = make_framework_version()
    draft = fork_as_admin(client, world, base)
    assert (draft.version, draft.based_on, draft.framework.network) == (2, base, world.network)

    client.post(reverse("framework_record_add", args=[draft.pk, "indicators"]), NEW_INDICATOR)
    draft.refresh_from_db()
    added = draft.document["indicators"][-1]
    assert added["name"] == {
        "fr": "Heures de réparation",
        "nl": "Herstellingsuren",
        "en": "Repair hours",
    }

    client.post(reverse("framework_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "published"
    changes = client.get(reverse("framework_changes", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en")
    sections = changes.context["sections"]
    assert [(s.section, [c.code for c in s.added]) for s in sections] == [
        ("indicators", ["repair_hours"])
    ]
    base.refresh_from_db()
    assert "repair_hours" not in [i["code"] for i in base.document["indicators"]]


def test_published_version_cannot_be_edited(client, world):
    published = make_framework_version("nord", network=world.network)
    client.force_login(world.user("network_admin"))
    response = client.post(
        reverse("framework_record_add", args=[published.pk, "indicators"]), NEW_INDICATOR
    )
    assert response.status_code == 403
    published.refresh_from_db()
    assert len(published.document["indicators"]) == 2


def test_invalid_addition_is_refused_and_the_draft_kept(client, world):
    draft = fork_as_admin(client, world, make_framework_version())
    bad = {**NEW_INDICATOR, "code": "people_supported", "kind": "formula", "formula": "x / 2"}
    response = client.post(
        reverse("framework_record_add", args=[draft.pk, "indicators"]),
        bad,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "duplicate code" in response.text
    assert "unknown indicator “x”" in response.text
    draft.refresh_from_db()
    assert len(draft.document["indicators"]) == 2


def test_forking_again_opens_the_same_draft(client, world):
    base = make_framework_version()
    first = fork_as_admin(client, world, base)
    client.post(reverse("framework_fork", args=[base.pk]), {"network": world.network.pk})
    assert FrameworkVersion.objects.filter(status="draft").get() == first


def test_import_replaces_the_draft_only_when_valid(client, world, tmp_path):
    draft = fork_as_admin(client, world, make_framework_version())
    edited = store.dump(draft).replace("Personnes accompagnées", "Personnes suivies")
    upload = tmp_path / "edited.yaml"
    upload.write_text(edited, encoding="utf-8")
    with upload.open("rb") as file:
        client.post(reverse("framework_import", args=[draft.pk]), {"file": file})
    draft.refresh_from_db()
    assert draft.document["indicators"][0]["name"]["fr"] == "Personnes suivies"

    upload.write_text(edited.replace("kind: counted", "kind: guessed"), encoding="utf-8")
    with upload.open("rb") as file:
        page = client.post(
            reverse("framework_import", args=[draft.pk]), {"file": file}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert "edited.yaml:" in page.text and "“guessed” is not allowed here" in page.text
    draft.refresh_from_db()
    assert draft.document["indicators"][0]["kind"] == "counted"


def test_import_of_another_framework_is_refused(client, world, tmp_path):
    draft = fork_as_admin(client, world, make_framework_version())
    upload = tmp_path / "other.yaml"
    upload.write_text(example_framework_text(), encoding="utf-8")
    with upload.open("rb") as file:
        page = client.post(
            reverse("framework_import", args=[draft.pk]), {"file": file}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert "but the draft is" in page.text


def test_export_downloads_the_yaml(client, world):
    version = make_framework_version()
    client.force_login(world.user("enterprise_member"))
    response = client.get(reverse("framework_export", args=[version.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="example-v1.yaml"'
    assert response.content.decode() == store.dump(version)


def test_diff_reports_changed_translations_and_removals():
    before = (
        make_framework_version.__wrapped__
        if hasattr(make_framework_version, "__wrapped__")
        else None
    )
    assert before is None

    old, _ = document.parse(example_framework_text())
    new = {
        **old,
        "indicators": [
            dict(
                old["indicators"][0],
                name={**old["indicators"][0]["name"], "nl": "Gevolgde personen"},
            )
        ],
    }
    sections = {s.section: s for s in diff.compare(old, new)}
    indicators = sections["indicators"]
    assert [c.code for c in indicators.removed] == ["confident_share"]
    assert [(c.code, c.fields) for c in indicators.changed] == [("people_supported", ["name.nl"])]


def test_edit_translations_of_a_theme_and_remove_a_term(client, world):
    draft = fork_as_admin(client, world, make_framework_version())
    url = reverse("framework_record_edit", args=[draft.pk, "themes", "individuals"])
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert form.context["form"]["name_nl"].value() == "Individuen"
    client.post(
        url,
        {"name_fr": "Personnes", "name_nl": "Personen", "name_en": "People", "description_en": ""},
    )
    draft.refresh_from_db()
    theme = draft.document["schema"]["dimensions"][0]["themes"][0]
    assert theme["name"] == {"fr": "Personnes", "nl": "Personen", "en": "People"}

    client.post(
        reverse("framework_record_edit", args=[draft.pk, "lexicon", "impact"]), {"remove": "1"}
    )
    draft.refresh_from_db()
    assert draft.document["lexicon"] == []


def test_removing_a_theme_still_in_use_is_refused(client, world):
    draft = fork_as_admin(client, world, make_framework_version())
    response = client.post(
        reverse("framework_record_edit", args=[draft.pk, "themes", "individuals"]),
        {"remove": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "unknown reference “individuals”" in response.text
    draft.refresh_from_db()
    assert draft.document["schema"]["dimensions"][0]["themes"]


def test_add_a_theme_to_a_dimension_and_a_survey_question(client, world):
    draft = fork_as_admin(client, world, make_framework_version())
    client.post(
        reverse("framework_record_add", args=[draft.pk, "themes"]),
        {
            "code": "territory",
            "dimension": "levels",
            "name_fr": "Territoire",
            "name_en": "Territory",
        },
    )
    client.post(
        reverse("framework_record_add", args=[draft.pk, "bank_items"]),
        {
            "code": "neighbours_met",
            "text_en": "How many neighbours did you meet this month?",
            "stakeholder_types": ["trainee"],
            "themes": ["territory"],
            "answer": "type:integer",
        },
    )
    draft.refresh_from_db()
    themes = [t["code"] for t in draft.document["schema"]["dimensions"][0]["themes"]]
    assert themes == ["individuals", "territory"]
    item = draft.document["question_bank"]["items"][-1]
    assert (item["code"], item["answer_type"], "answer_scale" in item) == (
        "neighbours_met",
        "integer",
        False,
    )


def test_unknown_section_is_not_found(client, world):
    draft = fork_as_admin(client, world, make_framework_version())
    response = client.get(reverse("framework_record_add", args=[draft.pk, "secrets"]))
    assert response.status_code == 404


def test_a_text_needs_at_least_one_language(client, world):
    draft = fork_as_admin(client, world, make_framework_version())
    response = client.post(
        reverse("framework_record_add", args=[draft.pk, "lexicon"]),
        {"code": "empty"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Give this text in at least one language." in response.text


@pytest.mark.parametrize(
    "content, message",
    [
        (BILLION_LAUGHS, "bomb.yaml:6: error: /: the values and what its aliases repeat exceed"),
        (DEEP, "bomb.yaml:1: error: /: lists and maps are nested more than 40 levels deep"),
        ("a: " + "x" * (20 * 1024 * 1024), "bomb.yaml: the file holds 20.0"),
    ],
    ids=["billion-laughs", "deep", "20-megabytes"],
)
def test_import_bombs_are_refused_within_a_second_naming_file_and_line(
    client, world, tmp_path, content, message
):
    draft = fork_as_admin(client, world, make_framework_version())
    before = draft.document
    upload = tmp_path / "bomb.yaml"
    upload.write_text(content, encoding="utf-8")
    started = time.perf_counter()
    with upload.open("rb") as file:
        page = client.post(
            reverse("framework_import", args=[draft.pk]), {"file": file}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert time.perf_counter() - started < 1
    assert page.status_code == 200
    assert message in html.unescape(page.text).replace("\xa0", " ")
    draft.refresh_from_db()
    assert draft.document == before


def test_import_bomb_is_refused_in_the_admins_language(client, world, tmp_path):
    draft = fork_as_admin(client, world, make_framework_version())
    upload = tmp_path / "bomb.yaml"
    upload.write_text(DEEP, encoding="utf-8")
    with upload.open("rb") as file, translation.override("nl"):
        page = client.post(
            reverse("framework_import", args=[draft.pk]), {"file": file}, HTTP_ACCEPT_LANGUAGE="nl"
        )
        expected = gettext("lists and maps are nested more than %(limit)s levels deep")
    assert expected % {"limit": 40} in html.unescape(page.text)
