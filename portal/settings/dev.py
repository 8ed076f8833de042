"""Local use: `make run` and `python manage.py …` on a developer's machine."""

import os

from .common import *  # noqa: F403

SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
