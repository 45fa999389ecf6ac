"""Settings of the app servers that tests/test_fleet.py starts: production's, with
the suite's static files and password hashing (as tests/conftest.py sets them), and
cache keys of their own so that two runs sharing the Redis never count together."""

import os

from portal.settings import *  # noqa: F403 (every production setting)
from portal.settings import CACHES, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": os.environ["FLEET_CACHE_PREFIX"]}}
