"""What a page may say of a task that failed for good."""

from django.utils.translation import gettext


def reason(error: str) -> str:
    """The error's last line, its kind without its module ("FileNotFoundError: ..."), from
    the traceback kept for the administrators; in words when its worker died."""
    lines = [line for line in error.splitlines() if line.strip()]
    if not lines:
        return ""
    kind, colon, message = lines[-1].partition(":")
    kind = kind.rsplit(".", 1)[-1]
    if kind == "WorkerLost":
        return worker_lost()
    return kind + colon + message


def worker_lost() -> str:
    return gettext("the worker doing it stopped before the end.")


def last_error(task_result) -> str:
    """The traceback of a failed task's last error, to keep beside what it was about."""
    return task_result.errors[-1].traceback if task_result.errors else ""
