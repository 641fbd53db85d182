"""The `vises` command: Django's management commands under VISES settings, plus `serve`."""

import os
import sys


def serve(args: list[str]) -> None:
    """Serve the application with gunicorn, the production server (DEBUG stays off)."""
    from gunicorn.app.wsgiapp import run

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
        *args,
    ]
    run()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vises.settings")
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vises", *sys.argv[1:]])


if __name__ == "__main__":
    main()
