"""The township (the default site, 苏力德苏木, with the `columns` fixture)
and the banner's portal (乌审旗) with its 乡镇动态 column open for submissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from news.models import Column, ColumnType, Site, SiteMembership

BANNER_HOST = "www.wsq.example.gov.cn"


def reviewer_group():
    """The group submissions' migration made; made again after a transactional
    test (browser tests) flushed the migration's data."""
    from importlib import import_module

    migration = import_module("submissions.migrations.0002_reviewer_group")
    group, created = Group.objects.get_or_create(name=migration.REVIEWER_GROUP)
    if created:
        for app_label, codename in migration.PERMISSIONS:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


@pytest.fixture
def banner(site):
    return Site.objects.create(
        key="wsq",
        site_name="乌审旗人民政府",
        domain=BANNER_HOST,
        organiser="乌审旗人民政府",
        is_platform=True,
    )


@pytest.fixture
def target(banner):
    return Column.objects.create(
        site=banner, name="乡镇动态", slug="xiangzhen-dongtai", column_type=ColumnType.NEWS, accepts_submissions=True
    )


@pytest.fixture
def people(staff, make_staff, site, banner):
    """The township's editor and reviewer are members of the township; the
    banner's reviewer (报送审核) of the banner; the other editor of no site."""
    from django.contrib.auth.models import User

    for name in ("editor", "reviewer"):
        SiteMembership.objects.get_or_create(site=site, user=staff[name])
    banner_reviewer = User.objects.create_user("banner_reviewer", password="staff-password-123", is_staff=True)
    banner_reviewer.groups.add(reviewer_group())
    SiteMembership.objects.get_or_create(site=banner, user=banner_reviewer)
    # A 报送审核 of a township site only: decides nothing.
    township_reviewer = User.objects.create_user("township_reviewer", password="staff-password-123", is_staff=True)
    township_reviewer.groups.add(reviewer_group())
    SiteMembership.objects.get_or_create(site=site, user=township_reviewer)
    return {**staff, "banner_reviewer": banner_reviewer, "township_reviewer": township_reviewer}


@pytest.fixture
def original(make_article):
    return make_article(
        title="苏力德苏木开展草原防火演练", body="<p>6月7日,苏力德苏木组织开展演练。</p>", author="茜沁"
    )
