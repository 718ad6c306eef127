"""Benchmark-only settings: the production settings plus a trivial view (bench/urls.py)."""

from bordercoop.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
