"""The rules compiled once per process: one statement, each person's own rows."""

import pytest
from django.db import connection
from django.db.models import Value
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_evaluation
from vises.access import prepared, rules
from vises.accounts.models import Enterprise
from vises.evaluations.models import Evaluation


def test_people_asking_in_turn_each_get_their_own_enterprises(world):
    admin, other_admin = world.user("network_admin"), world.other_admin
    for _ in range(2):  # the second round reuses the statement the first one compiled
        ours = {world.enterprise, world.sibling, world.applicant}
        assert set(rules.enterprises_for(admin)) == ours
        assert set(rules.enterprises_for(other_admin)) == {world.other_enterprise}
        assert set(rules.enterprises_for(world.user("coach"))) == {world.enterprise}
        assert not rules.enterprises_for(world.user("researcher")).exists()


def test_people_asking_in_turn_each_get_their_own_evaluations(world):
    ours, theirs = make_evaluation(world.enterprise), make_evaluation(world.other_enterprise)
    for _ in range(2):
        assert list(rules.evaluations_for(world.user("enterprise_member"))) == [ours]
        assert list(rules.evaluations_for(world.user("coach"))) == [ours]
        assert list(rules.evaluations_for(world.other_admin)) == []  # nothing shared yet
        assert rules.get_evaluation(world.user("enterprise_admin"), ours.pk) == ours
        assert theirs not in rules.evaluations_for(world.user("enterprise_admin"))


def test_a_rule_that_does_not_name_its_person_is_refused(db):
    def everyone(user):
        return Enterprise.objects.all()

    with pytest.raises(RuntimeError, match="does not name its person"):
        prepared.ids(everyone, Enterprise, object())


def test_whether_someone_sees_any_enterprise_agrees_with_the_rule_for_everyone(world):
    people = [*world.users.values(), world.other_admin]
    for _ in range(2):
        for person in people:
            assert rules.sees_any_enterprise(person) == rules.enterprises_for(person).exists()
    assert not rules.sees_any_enterprise(world.user("researcher"))
    assert rules.sees_any_enterprise(world.user("coach"))


def test_the_header_lists_each_persons_own_networks(world, client):
    """The header's networks come from a statement built once and run for each person."""
    for person, shown, hidden in [
        (world.user("network_admin"), "Réseau Nord", "Netwerk Oost"),
        (world.other_admin, "Netwerk Oost", "Réseau Nord"),
        (world.user("network_admin"), "Réseau Nord", "Netwerk Oost"),
    ]:
        client.force_login(person)
        page = client.get("/").content.decode()
        assert f">{shown}</a></li>" in page
        assert f">{hidden}</a></li>" not in page


def test_an_evaluation_is_read_by_its_id_for_each_person_in_turn_with_what_it_joins(world):
    ours, theirs = make_evaluation(world.enterprise), make_evaluation(world.other_enterprise)
    for _ in range(2):  # the second round reuses the statement the first one compiled
        for role in ["enterprise_admin", "enterprise_member", "coach"]:
            read = rules.get_evaluation(world.user(role), ours.pk)
            assert read == ours
            assert (read.title, read.period_start) == (ours.title, ours.period_start)
            # Read with the evaluation, as the ORM would with select_related.
            with CaptureQueriesContext(connection) as captured:
                assert read.enterprise.name == world.enterprise.name
                assert read.framework_version.framework.code == "example"
            assert not captured.captured_queries
            assert "document" in read.framework_version.get_deferred_fields()
        for person, pk in [
            (world.user("enterprise_admin"), theirs.pk),
            (world.user("coach"), theirs.pk),
            (world.other_admin, ours.pk),
            (world.user("researcher"), ours.pk),
            (world.user("enterprise_admin"), 999_999),
        ]:
            with pytest.raises(Http404):
                rules.get_evaluation(person, pk)


def test_rows_are_read_by_the_id_they_are_asked_for(world):
    first, second = make_evaluation(world.enterprise, "A"), make_evaluation(world.enterprise, "B")
    for _ in range(2):
        assert prepared.rows_by_id(evaluation_title, Evaluation, first.pk) == [("A",)]
        assert prepared.rows_by_id(evaluation_title, Evaluation, second.pk) == [("B",)]
        assert prepared.objects_by_id(evaluation_itself, Evaluation, second.pk) == [second]
        assert prepared.objects_by_id(evaluation_itself, Evaluation, -1) == []
        held = prepared.objects_by_id(evaluations_of, Evaluation, world.enterprise.pk)
        assert (
            held == list(Evaluation.objects.filter(enterprise=world.enterprise)) == [first, second]
        )
        assert {evaluation.enterprise.name for evaluation in held} == {world.enterprise.name}


def evaluation_title(_user, pk):
    return Evaluation.objects.filter(pk=pk).values_list("title")


def evaluation_itself(_user, pk):
    return Evaluation.objects.filter(pk=pk)


def evaluations_of(_user, enterprise_id):
    return Evaluation.objects.filter(enterprise=enterprise_id).select_related("enterprise")


def test_a_query_by_id_that_does_not_name_its_row_is_refused(db):
    def every_evaluation(_user, _pk):
        return Evaluation.objects.all()

    with pytest.raises(RuntimeError, match="does not name its row"):
        prepared.rows_by_id(every_evaluation, Evaluation, 1)


def test_rows_given_by_a_list_of_ids_are_read_for_each_list_in_turn(world):
    first, second, third = (make_evaluation(world.enterprise, title) for title in "ABC")
    for _ in range(2):
        for ids in ([first.pk], [third.pk, first.pk], [first.pk, second.pk, third.pk], [-1]):
            read = prepared.objects_by_ids(evaluations_among, Evaluation, ids)
            assert read == list(Evaluation.objects.filter(pk__in=ids))
        assert prepared.objects_by_ids(evaluations_among, Evaluation, []) == []


def evaluations_among(_user, ids):
    return Evaluation.objects.filter(pk__in=ids)


def _named(user, name, group):
    enterprises = rules.enterprises_for(user)
    if group is not None:
        enterprises = enterprises.filter(group=group)
    return enterprises.filter(name__icontains=Value(name)).values_list("name")


def test_values_are_swapped_in_like_the_person_and_none_leaves_a_condition_out(world):
    admin, coach = world.user("network_admin"), world.user("coach")
    for _ in range(2):  # the second round reuses the statements the first one compiled
        assert prepared.rows(_named, Enterprise, admin, "e", None) == [
            ("Atelier Vert",),
            ("Coop Demain",),
            ("Crèche Soleil",),
        ]
        assert prepared.rows(_named, Enterprise, admin, "e", "collective_service") == [
            ("Crèche Soleil",)
        ]
        assert prepared.rows(_named, Enterprise, coach, "e", None) == [("Atelier Vert",)]
        assert prepared.rows(_named, Enterprise, admin, "%", None) == []
        assert prepared.count(_named, Enterprise, admin, "vert", None) == 1
        assert prepared.count(_named, Enterprise, world.other_admin, "e", None) == 1


def test_a_query_that_does_not_pass_on_its_values_is_refused(world):
    def rewritten(user, name):  # icontains without Value wraps the name in % signs
        return rules.enterprises_for(user).filter(name__icontains=name).values_list("name")

    with pytest.raises(RuntimeError, match="does not pass on its values"):
        prepared.rows(rewritten, Enterprise, world.user("coach"), "vert")
    with pytest.raises(TypeError, match="only text and whole numbers"):
        prepared.rows(_named, Enterprise, world.user("coach"), True, None)
