import subprocess
import sys


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
