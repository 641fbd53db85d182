"""Daily jobs: each task named in settings.VISES_DAILY_JOBS is queued once a day, at or
after its local time, by whichever worker looks first; a worker started late in the day
still queues the jobs of the day it missed."""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from .models import DailyRun


def daily_jobs() -> dict[str, tuple[Task, datetime.time]]:
    """The daily jobs of the settings, each task with its time of day; a wrong entry is
    refused with its name, so that a worker does not start with a job it cannot queue."""
    jobs = {}
    for path, at in settings.VISES_DAILY_JOBS.items():
        try:
            job = import_string(path)
            time_of_day = datetime.time.fromisoformat(at)
        except (ImportError, ValueError) as error:
            raise ImproperlyConfigured(f"VISES_DAILY_JOBS: {path!r} at {at!r}: {error}") from error
        if not isinstance(job, Task):
            raise ImproperlyConfigured(f"VISES_DAILY_JOBS: {path!r} is not a task (@task)")
        jobs[path] = (job, time_of_day)
    return jobs


def queue_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Queue every daily job whose time has come today and that nobody queued today yet;
    return the paths of those this call queued."""
    local = timezone.localtime(now or timezone.now())
    queued = []
    for path, (job, time_of_day) in daily_jobs().items():
        if local.time() < time_of_day:
            continue
        if DailyRun.objects.filter(job=path, day=local.date()).exists():
            continue
        try:
            # The day's row and the queued task are written together or not at all.
            with transaction.atomic():
                DailyRun.objects.create(job=path, day=local.date())
                job.enqueue()
        except IntegrityError:
            continue  # another worker queued it a moment ago
        queued.append(path)
    return queued
