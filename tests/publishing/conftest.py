import shutil

import pytest
from django.conf import settings


@pytest.fixture
def published_tree():
    """An empty published tree; emptied again after the test."""
    root = settings.PUBLISH_ROOT
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
