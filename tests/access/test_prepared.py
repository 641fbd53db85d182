"""The rules compiled once per process: one statement, each person's own rows."""

import pytest

from tests.conftest import make_evaluation
from vises.access import prepared, rules
from vises.accounts.models import Enterprise


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
