import signal
import subprocess
import sys
import time


def test_vises_command_runs_django_commands_under_our_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "vises.cli", "check"],
        capture_output=True,
        text=True,
        env={"VISES_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    # With no SECRET_KEY in the environment, one is generated and kept in the data folder.
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


# A child of `vises serve` that takes its time to stop, as a worker finishing its task or
# gunicorn waiting for its workers does; it notes each SIGTERM it receives.
SLOW_TO_STOP = """
import signal, sys, time
from pathlib import Path
notes = Path(sys.argv[1])
stopping = []
def note(*_):
    with notes.open("a") as file:
        file.write("term\\n")
    stopping.append(time.monotonic())
signal.signal(signal.SIGTERM, note)
notes.write_text("")
while not stopping or time.monotonic() - stopping[0] < 1:
    time.sleep(0.05)
"""
QUICK_TO_STOP = """
import signal, sys, time
from pathlib import Path
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
Path(sys.argv[1]).write_text("")
time.sleep(60)
"""


def test_ctrl_c_asks_each_process_of_serve_to_stop_once_and_all_stop_well(tmp_path):
    slow, quick = tmp_path / "slow", tmp_path / "quick"
    commands = [
        [sys.executable, "-c", SLOW_TO_STOP, str(slow)],
        [sys.executable, "-c", QUICK_TO_STOP, str(quick)],
    ]
    serve = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; from vises.cli import supervise; sys.exit(supervise({commands!r}))",
        ]
    )
    deadline = time.monotonic() + 30
    while not (slow.exists() and quick.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    serve.send_signal(signal.SIGINT)
    assert serve.wait(timeout=30) == 0
    # A second SIGTERM would tell a worker to drop its task, or kill a process as it exits.
    assert slow.read_text() == "term\n"
