"""The worker in this process, against the test database: tasks queued by a page are made,
a failed task is tried again then shown failed with its reason, a task whose worker died
is queued again, and a daily job is queued once a day however many workers look."""

import datetime
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests.reports.test_reports import make_report, render
from vises.reports.models import Rendition, Section
from vises.worker import schedule
from vises.worker.housekeeping import forget_finished_tasks
from vises.worker.models import DailyRun
from vises.worker.running import Worker, requeue_lost_tasks

# The worker claims a task in a transaction of its own, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings, tmp_path):
    """Tasks queued in the database, as deployed; tried twice, with no wait between."""
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}
    settings.VISES_TASK_ATTEMPTS = 2
    settings.VISES_TASK_RETRY_DELAY = 0
    settings.VISES_DAILY_JOBS = {}
    settings.MEDIA_ROOT = tmp_path / "media"


def work(max_tasks=None) -> None:
    """Run a worker until no task is ready (or `max_tasks` were tried)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
    ).run()


@pytest.fixture
def admin(client, world):
    client.force_login(world.user("enterprise_admin"))
    return client


def renditions_part(client, report) -> str:
    """The files' part of the report page, as the page polls it."""
    url = reverse("evaluation_report_renditions", args=[report.evaluation_id, report.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true").content.decode()


def report_with_picture(client, evaluation):
    """A report with a picture section, and the picture's stored file."""
    report = make_report(client, evaluation, language="en", title="Report")
    client.post(
        reverse("evaluation_report_section_add", args=[evaluation.pk, report.pk]),
        {"kind": "image", "title": "Our team"},
    )
    section = report.sections.get(kind=Section.Kind.IMAGE)
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "#009E73").save(picture, "PNG")
    client.post(
        reverse("evaluation_report_section", args=[evaluation.pk, report.pk, section.pk]),
        {
            "title": "Our team",
            "image": SimpleUploadedFile("team.png", picture.getvalue(), "image/png"),
            "image_alt": "The crew in the park",
        },
    )
    section.refresh_from_db()
    return report, section.image


def test_a_render_asked_by_the_page_waits_for_the_worker_then_is_made(admin, evaluation, answered):
    report = make_report(admin, evaluation, language="en", title="Report")
    rendition = render(admin, report, "docx")
    assert rendition.status == Rendition.Status.QUEUED
    assert "Waiting" in renditions_part(admin, report)
    work()
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.DONE, rendition.error
    assert rendition.attempts == 1
    assert rendition.file.read().startswith(b"PK")  # a DOCX is a zip
    assert "Download" in renditions_part(admin, report)


def test_a_failed_render_is_tried_again_and_made_when_the_fault_is_gone(
    admin, evaluation, answered
):
    report, picture = report_with_picture(admin, evaluation)
    content = picture.read()
    picture.close()
    picture.storage.delete(picture.name)
    rendition = render(admin, report, "docx")
    work(max_tasks=1)
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.RUNNING  # waiting for its second attempt
    picture.storage.save(picture.name, io.BytesIO(content))
    work()
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.DONE, rendition.error
    assert rendition.attempts == 2


def test_a_render_failing_every_attempt_is_shown_failed_with_its_reason(
    admin, evaluation, answered
):
    report, picture = report_with_picture(admin, evaluation)
    picture.storage.delete(picture.name)
    rendition = render(admin, report, "docx")
    work()
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.FAILED
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    page = renditions_part(admin, report)
    assert "The file could not be made after 2 attempts: FileNotFoundError" in page
    assert "Traceback" not in page  # kept for the administrators only
    assert "Traceback" in rendition.error


def test_a_render_whose_worker_died_is_queued_again_then_made(admin, evaluation, answered):
    report = make_report(admin, evaluation, language="en", title="Report")
    rendition = render(admin, report, "docx")
    # A worker took it and was killed: the task stays "running" with nobody on it.
    task = DBTaskResult.objects.get()
    task.claim("killed-worker")
    assert requeue_lost_tasks() == 0  # not yet: it may still be running
    assert requeue_lost_tasks(timezone.now() + datetime.timedelta(hours=1)) == 1
    work()
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.DONE, rendition.error
    assert rendition.attempts == 2


def test_a_render_whose_worker_died_at_its_last_attempt_is_shown_failed(
    admin, evaluation, answered
):
    report = make_report(admin, evaluation, language="en", title="Report")
    rendition = render(admin, report, "docx")
    task = DBTaskResult.objects.get()
    task.claim("killed-worker")
    task.claim("killed-again")
    assert requeue_lost_tasks(timezone.now() + datetime.timedelta(hours=1)) == 1
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.FAILED
    page = renditions_part(admin, report)
    assert "after 2 attempts: the worker doing it stopped before the end." in page


def test_a_due_daily_job_is_queued_once_a_day_by_two_workers_looking_at_once(settings):
    settings.VISES_DAILY_JOBS = {"vises.worker.housekeeping.forget_finished_tasks": "03:00"}
    early = timezone.make_aware(datetime.datetime(2026, 12, 2, 2, 59))
    assert schedule.queue_due_jobs(early) == []
    due = early + datetime.timedelta(minutes=1)
    start = threading.Barrier(2)
    queued = []

    def worker_looks():
        start.wait()
        try:
            queued.extend(schedule.queue_due_jobs(due))
        finally:
            connection.close()

    workers = [threading.Thread(target=worker_looks) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert queued == ["vises.worker.housekeeping.forget_finished_tasks"]
    assert schedule.queue_due_jobs(due + datetime.timedelta(hours=20)) == []
    assert DBTaskResult.objects.filter(task_path=forget_finished_tasks.module_path).count() == 1
    # The next day it is due again, and run by the worker.
    assert len(schedule.queue_due_jobs(due + datetime.timedelta(days=1))) == 1
    work()
    assert DBTaskResult.objects.successful().count() == 2
    assert DailyRun.objects.count() == 2


def test_the_products_daily_jobs_are_tasks_the_worker_can_queue(settings):
    from vises import settings as product

    settings.VISES_DAILY_JOBS = product.VISES_DAILY_JOBS
    jobs = schedule.daily_jobs()
    assert {
        "vises.worker.housekeeping.forget_finished_tasks",
        "vises.networks.reminders.run_reminders",
        "vises.evaluations.retention.run_retention",
    } <= set(jobs)
    night = timezone.make_aware(datetime.datetime(2026, 12, 3, 23, 0))
    assert sorted(schedule.queue_due_jobs(night)) == sorted(jobs)


def test_a_wrong_daily_job_stops_the_worker_with_its_name(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.VISES_DAILY_JOBS = {"vises.worker.housekeeping.no_such_job": "03:00"}
    with pytest.raises(ImproperlyConfigured, match="no_such_job"):
        schedule.daily_jobs()


def test_finished_tasks_are_forgotten_after_some_days(settings):
    forget_finished_tasks.enqueue()
    work()
    assert forget_finished_tasks.call() == 0  # finished just now: kept
    settings.VISES_TASK_RESULTS_DAYS = 0
    assert forget_finished_tasks.call() == 1


def test_an_invitation_mail_waits_for_the_worker_which_tries_it_again_then_says_why(
    client, world, settings, mailoutbox
):
    client.force_login(world.user("enterprise_admin"))
    members = reverse("enterprise_members", args=[world.enterprise.pk])
    client.post(
        members, {"email": "friend@example.org", "role": "enterprise_member", "language": "fr"}
    )
    assert not mailoutbox  # queued, not sent inside the request
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    work(max_tasks=1)
    assert "could not be sent" not in client.get(members, HTTP_ACCEPT_LANGUAGE="en").text
    # The mail server is back for the second attempt.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    work()
    assert [mail.to for mail in mailoutbox] == [["friend@example.org"]]
    # Down for both attempts: the invitation says why.
    client.post(
        members, {"email": "other@example.org", "role": "enterprise_member", "language": "fr"}
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    work()
    page = client.get(members, HTTP_ACCEPT_LANGUAGE="en").text
    assert "The e-mail could not be sent: ConnectionRefusedError" in page
    assert page.count("could not be sent") == 1  # the first one did reach its addressee
