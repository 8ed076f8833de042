"""Settings of a process a test starts beside itself (a gunicorn behind the
test nginx, a page writer that gets killed): the test settings, with the
database and the published tree of the test run that started it, passed in
the environment by tests/gunicorn.py."""

import json
import os

from portal.settings.test import *  # noqa: F403

DATABASES["default"].update(json.loads(os.environ["PORTAL_TEST_DATABASE"]))  # noqa: F405
PUBLISH_ROOT = Path(os.environ["PUBLISH_ROOT"])  # noqa: F405
STORAGES["publish"] = {"BACKEND": "publishing.storage.AtomicFileSystemStorage", "OPTIONS": {"location": PUBLISH_ROOT}}  # noqa: F405
