"""Imports of responses done by the worker, whose worker dies in the middle: the worker
tries the import again, or, after its last attempt or with no worker left, the import is
shown failed with why, in the language of whoever asked for it, and can be tried again.
Nothing of the file is stored by an attempt that did not finish (one transaction)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.surveys.conftest import media, survey_in_dutch  # noqa: F401
from tests.surveys.test_imports import FRENCH_CSV, start
from tests.worker.test_running import database_tasks, work  # noqa: F401
from vises.surveys import imports
from vises.surveys.models import Response, ResponseImport
from vises.worker.running import requeue_lost_tasks

pytestmark = pytest.mark.django_db(transaction=True)

LOST_IN_FRENCH = (
    "L’import n’a pas abouti : le processus qui s'en chargeait s'est arrêté avant la fin. "
    "Importez à nouveau le fichier."
)


@pytest.fixture
def admin(client, world):
    client.force_login(world.user("enterprise_admin"))
    return client


@pytest.fixture
def queued(world, survey_in_dutch):  # noqa: F811
    """An import of three responses, checked and queued for the worker."""
    response_import = start(
        survey_in_dutch,
        FRENCH_CSV.replace("1 000", "10").encode("cp1252"),
        user=world.user("enterprise_admin"),
    )
    imports.queue(response_import)
    assert response_import.status == ResponseImport.Status.QUEUED
    return response_import


def taken_by_a_worker_that_dies(response_import, when=None) -> DBTaskResult:
    """What a worker killed in the middle of the import leaves: the task and the import
    marked running (its transaction, and every response in it, died with it)."""
    task = DBTaskResult.objects.get()
    task.claim("killed-worker")
    ResponseImport.objects.filter(pk=response_import.pk).update(
        status=ResponseImport.Status.RUNNING,
        task_id=str(task.id),
        started_at=when or timezone.now(),
    )
    return task


def page(client, response_import) -> str:
    survey = response_import.survey
    url = reverse(
        "survey_import_preview", args=[survey.evaluation_id, survey.pk, response_import.pk]
    )
    return client.get(url).text


def test_an_import_whose_worker_died_is_made_by_the_next_attempt(admin, queued):
    task = taken_by_a_worker_that_dies(queued)
    assert "Le fichier est en cours d’import." in page(admin, queued)
    assert requeue_lost_tasks() == 0  # not yet: it may still be running
    assert requeue_lost_tasks(timezone.now() + datetime.timedelta(hours=1)) == 1
    work()
    queued.refresh_from_db()
    assert queued.status == ResponseImport.Status.IMPORTED, queued.problems
    assert Response.objects.filter(imported_from=queued).count() == 3
    task.refresh_from_db()
    assert task.worker_ids == ["killed-worker", "test-worker"]


def test_an_import_whose_worker_died_at_its_last_attempt_is_shown_failed_then_tried_again(
    admin, queued
):
    taken_by_a_worker_that_dies(queued)
    DBTaskResult.objects.get().claim("killed-again")
    assert requeue_lost_tasks(timezone.now() + datetime.timedelta(hours=1)) == 1
    queued.refresh_from_db()
    assert queued.status == ResponseImport.Status.FAILED
    assert queued.problems == [[None, "", LOST_IN_FRENCH]]
    assert not Response.objects.exists()
    shown = page(admin, queued)
    assert LOST_IN_FRENCH.replace("'", "&#x27;") in shown
    assert 'value="import"' in shown  # it can be tried again

    survey = queued.survey
    url = reverse("survey_import_preview", args=[survey.evaluation_id, survey.pk, queued.pk])
    admin.post(url, {"action": "import"})
    work()
    queued.refresh_from_db()
    assert queued.status == ResponseImport.Status.IMPORTED, queued.problems
    assert Response.objects.filter(imported_from=queued).count() == 3


def test_an_import_running_with_no_worker_left_is_shown_failed_and_stays_so(
    admin, queued, settings
):
    long_ago = timezone.now() - imports.lost_after() - datetime.timedelta(minutes=1)
    taken_by_a_worker_that_dies(queued, when=long_ago)
    queued.language = "nl"
    queued.save(update_fields=["language"])
    survey = queued.survey
    listed = admin.get(reverse("survey_import", args=[survey.evaluation_id, survey.pk])).text
    assert "Non importé" in listed  # the page in the admin's language
    queued.refresh_from_db()
    assert queued.status == ResponseImport.Status.FAILED
    assert queued.problems[0][2] == (
        "De import werd niet voltooid: het proces dat het uitvoerde, stopte voor het einde. "
        "Importeer het bestand opnieuw."
    )
    # A worker started later finds the task lost and tries it: the import, marked failed,
    # is left as it is, and nothing is stored.
    assert requeue_lost_tasks(timezone.now() + datetime.timedelta(hours=1)) == 1
    work()
    queued.refresh_from_db()
    assert queued.status == ResponseImport.Status.FAILED
    assert not Response.objects.exists()


def test_an_import_whose_task_the_workers_forgot_is_shown_failed(admin, queued):
    DBTaskResult.objects.all().delete()
    assert "L’import n’a pas abouti : sa tâche n’est plus connue des processus de fond." in page(
        admin, queued
    )
    queued.refresh_from_db()
    assert queued.status == ResponseImport.Status.FAILED
