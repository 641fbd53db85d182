"""The computations moved out of the pages stay plain: importing them loads no Django."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["vises.analysis.progress", "vises.analysis.research"])
def test_the_computations_import_nothing_of_django(module):
    code = f"import sys, {module}; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
