import os

import pytest
from django.conf import settings

from tests.interpretation.conftest import answered, evaluation, from_survey, survey  # noqa: F401
from tests.worker.served import postgres_database, prepare, process_env


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """A migrated, seeded database for processes of their own, on the database engine of
    this test run (a SQLite file, or a new PostgreSQL database); its environment and seed."""
    data_dir = tmp_path_factory.mktemp("served")
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        with postgres_database(os.environ["DATABASE_URL"]) as url:
            yield process_env(data_dir, url), prepare(data_dir, url)
    else:
        yield process_env(data_dir), prepare(data_dir, "")
