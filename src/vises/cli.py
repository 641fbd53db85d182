"""The `vises` command: Django's management commands under VISES settings, plus `serve`."""

import os
import signal
import subprocess
import sys
import time


def serve(args: list[str]) -> None:
    """Serve the application with gunicorn, the production server (DEBUG stays off), and one
    `vises worker` beside it for the background work; Ctrl-C stops both. `--no-worker`
    serves alone, for machines that run their workers apart."""
    if "--no-worker" in args or os.environ.get("VISES_TASKS") == "immediate":
        run_gunicorn([arg for arg in args if arg != "--no-worker"])
        return
    command = [sys.executable, "-m", "vises.cli"]
    sys.exit(supervise([[*command, "serve", "--no-worker", *args], [*command, "worker"]]))


def run_gunicorn(args: list[str]) -> None:
    from gunicorn.app.wsgiapp import run
    from gunicorn.config import KNOWN_SETTINGS

    bind = os.environ.get("BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
    workers = os.environ.get("WEB_CONCURRENCY", str(min(2 * (os.cpu_count() or 1) + 1, 8)))
    sys.argv = [
        "gunicorn",
        "vises.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--access-logfile",
        "-",
        # Newer gunicorns open a control socket at one path per user: a second server on the
        # machine would take it from the first. VISES does not use it.
        *(
            ["--no-control-socket"]
            if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS)
            else []
        ),
        *args,
    ]
    run()


def supervise(commands: list[list[str]]) -> int:
    """Run the commands side by side until one ends or this process is asked to stop, then
    stop the others (SIGTERM: each finishes what it is doing); return the first failure's
    exit status, or 0."""
    # Each child in a session of its own: a Ctrl-C reaches this process only, which stops
    # each child once, rather than twice (a worker takes a second signal as "stop now").
    children = [subprocess.Popen(command, start_new_session=True) for command in commands]
    asked = False  # whether a signal asked this process to stop

    def stop(*_signal) -> None:
        nonlocal asked
        asked = True
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.2)
    finally:
        # Those still stopping after a Ctrl-C are not asked again: a second SIGTERM would
        # tell a worker to drop its task, or kill a process as it exits (status -15). A
        # second Ctrl-C does ask again.
        if not asked:
            stop()
        statuses = [child.wait() for child in children]
    return next((status for status in statuses if status), 0)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vises.settings")
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vises", *sys.argv[1:]])


if __name__ == "__main__":
    main()
