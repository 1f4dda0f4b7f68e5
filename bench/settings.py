"""Settings for the load benchmarks: the application's own, plus one minimal view (bench.urls) that the
throughput of the real pages is compared with, served by the same gunicorn in the same run."""

from config.settings import *  # noqa: F403 - the application's settings, unchanged

ROOT_URLCONF = "bench.urls"
