"""The product's settings with the bench-only URLconf. Used by `make bench` only."""

from vises.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
