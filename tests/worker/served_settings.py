"""The settings of the processes the served tests start: VISES's own, less two costs that
say nothing about what is tested (as tests/conftest.py does for the test process)."""

from vises.settings import *  # noqa: F403

# Pages name their static files without collecting them first (`make run` collects them).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A slow hash is right for real passwords and pointless for test fixtures.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
