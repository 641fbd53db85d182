from django.urls import reverse

from tests.conftest import make_evaluation
from vises.evaluations.models import Change

TRAINEES = {
    "type_code": "trainee",
    "name": "Salariés en insertion",
    "importance": 5,
    "influence": 2,
    "involvement": "co_construct",
    "how_to_reach": "Réunion d'équipe du lundi",
}


def test_map_shows_the_table_and_the_chart(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    client.post(reverse("evaluation_stakeholder_add", args=[evaluation.pk]), TRAINEES)
    client.post(
        reverse("evaluation_stakeholder_add", args=[evaluation.pk]),
        {**TRAINEES, "type_code": "", "name": "Mairie de Roubaix", "importance": 3, "influence": 5},
    )
    page = client.get(
        reverse("evaluation_stakeholders", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    names = [s.name for s, _type in page.context["rows"]]
    assert names == ["Salariés en insertion", "Mairie de Roubaix"]
    points = {p["name"]: (p["x"], p["y"]) for p in page.context["points"]}
    # Importance grows to the right, influence upwards.
    assert points["Salariés en insertion"][0] > points["Mairie de Roubaix"][0]
    assert points["Salariés en insertion"][1] > points["Mairie de Roubaix"][1]
    assert "<svg" in page.text and "Personne en insertion" in page.text


def test_stakeholders_in_one_cell_do_not_hide_each_other(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    for name in ["A", "B"]:
        client.post(
            reverse("evaluation_stakeholder_add", args=[evaluation.pk]), {**TRAINEES, "name": name}
        )
    page = client.get(reverse("evaluation_stakeholders", args=[evaluation.pk]))
    first, second = page.context["points"]
    assert first["x"] != second["x"] and first["y"] == second["y"]


def test_out_of_range_values_are_refused_by_field(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("evaluation_stakeholder_add", args=[evaluation.pk]),
        {**TRAINEES, "importance": 9, "involvement": "ignore"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"importance", "involvement"}
    assert not evaluation.stakeholders.exists()


def test_edit_and_remove_are_kept_in_the_history(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    client.post(reverse("evaluation_stakeholder_add", args=[evaluation.pk]), TRAINEES)
    stakeholder = evaluation.stakeholders.get()
    client.post(
        reverse("evaluation_stakeholder_edit", args=[evaluation.pk, stakeholder.pk]),
        {**TRAINEES, "influence": 4},
    )
    stakeholder.refresh_from_db()
    assert stakeholder.influence == 4
    client.post(reverse("evaluation_stakeholder_remove", args=[evaluation.pk, stakeholder.pk]))
    assert not evaluation.stakeholders.exists()
    changes = list(Change.objects.filter(part="stakeholders").order_by("id"))
    assert [(c.before is None, c.after is None) for c in changes] == [
        (True, False),
        (False, False),
        (False, True),
    ]
    assert (changes[1].before["influence"], changes[1].after["influence"]) == (2, 4)


def test_coach_sees_the_map_without_editing_tools(client, world):
    evaluation = make_evaluation(world.enterprise)
    evaluation.stakeholders.create(name="Familles", importance=4, influence=3, involvement="inform")
    client.force_login(world.user("coach"))
    page = client.get(
        reverse("evaluation_stakeholders", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Familles" in page.text
    assert "Add a stakeholder" not in page.text
