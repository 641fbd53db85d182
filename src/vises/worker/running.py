"""The worker: it takes the queued tasks from the database one at a time, tries a failed
task again a few times before marking it failed, queues again the tasks of a worker that
died in the middle, and queues the daily jobs.

Built on django-tasks-db's worker (claiming a task is one locked transaction, so two
workers never take the same task); what it adds is read from the VISES_TASK_* settings.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import schedule

logger = logging.getLogger("vises.worker")


class WorkerLost(Exception):
    """The worker doing a task stopped before the end: killed, or its machine stopped."""


def retry_or_fail(result: DBTaskResult, error: BaseException) -> None:
    """After a failed attempt, queue the task again a little later while it has attempts
    left; otherwise mark it failed and say so to whoever waits for it (task_finished)."""
    if len(result.worker_ids) < settings.VISES_TASK_ATTEMPTS:
        DBTaskResult.objects.filter(pk=result.pk).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now() + datetime.timedelta(seconds=settings.VISES_TASK_RETRY_DELAY),
            # The last error stays readable in the admin while the task waits.
            exception_class_path=get_module_path(type(error)),
            traceback=get_exception_traceback(error),
        )
        logger.warning("Task %s failed (%s); it will be tried again", result.pk, error)
        return
    result.set_failed(error)
    task_finished.send(sender=DatabaseBackend, task_result=result.task_result)


def requeue_lost_tasks(now: datetime.datetime | None = None) -> int:
    """Queue again (or, after its last attempt, mark failed) every task running for longer
    than VISES_TASK_TIMEOUT, whose worker is taken to be dead; return how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.VISES_TASK_TIMEOUT)
    lost = 0
    for result in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        # Only the worker whose update still finds the task as it was read takes it over.
        unchanged = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if len(result.worker_ids) < settings.VISES_TASK_ATTEMPTS:
            lost += unchanged.update(status=TaskResultStatus.READY)
            continue
        error = WorkerLost(f"its worker stopped before the end, {len(result.worker_ids)} times")
        if unchanged.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=get_module_path(WorkerLost),
            traceback=get_exception_traceback(error),
        ):
            lost += 1
            result.refresh_from_db()
            task_finished.send(sender=DatabaseBackend, task_result=result.task_result)
    return lost


class Worker(db_worker.Worker):
    """django-tasks-db's worker, with retries, lost tasks and daily jobs."""

    def run(self) -> None:
        logger.info("Worker %s takes tasks from %s", self.worker_id, ",".join(self.queue_names))
        while self.running:
            requeue_lost_tasks()
            schedule.queue_due_jobs()
            result = self.claim()
            if result is not None:
                self.run_task(result)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            # Like a request's end: drop a connection the database has closed meanwhile.
            close_old_connections()
            if self.running and result is None:
                time.sleep(self.interval)

    def claim(self) -> DBTaskResult | None:
        """The next ready task, marked as taken by this worker, or None."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                result = tasks.get_locked()
            except OperationalError as error:
                if "is locked" not in error.args[0]:
                    raise
                return None  # SQLite busy with another writer: look again next time
            if result is not None:
                result.claim(self.worker_id)
        return result

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=DatabaseBackend, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=DatabaseBackend, task_result=db_task_result.task_result)
        except Exception as error:
            logger.exception("Task %s (%s) failed", db_task_result.pk, db_task_result.task_path)
            retry_or_fail(db_task_result, error)
        except BaseException as error:
            # Stopped by a second Ctrl-C: the task was interrupted, not wrong; try it again.
            retry_or_fail(db_task_result, error)
            raise
        finally:
            self.running_task = False
            self._run_tasks += 1
