import os

from django.utils import autoreload
from django_tasks_db.management.commands import db_worker

from vises.worker import schedule
from vises.worker.running import Worker


class Command(db_worker.Command):
    help = (
        "Do the background work: report files, e-mails and daily jobs. Run one or more beside "
        "the app servers, against the same database (`vises serve` starts one)."
    )

    def handle(self, *, verbosity, queue_name, reload, batch, **options) -> None:
        self.configure_logging(verbosity)
        schedule.daily_jobs()  # a wrong daily job stops the worker here, with its name
        worker = Worker(
            queue_names=queue_name.split(","),
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) == "true":
                # Only the reloaded child runs tasks, so only it answers Ctrl-C.
                worker.configure_signals()
            autoreload.run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
