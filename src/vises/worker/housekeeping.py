"""The worker's own daily job: forget what it no longer needs."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import DailyRun


@task()
def forget_finished_tasks() -> int:
    """Delete the tasks finished more than VISES_TASK_RESULTS_DAYS ago (their arguments may
    hold e-mail addresses, kept no longer than needed to send) and old daily-run marks;
    return how many tasks were deleted."""
    before = timezone.now() - datetime.timedelta(days=settings.VISES_TASK_RESULTS_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    DailyRun.objects.filter(day__lt=before.date()).delete()
    return deleted
