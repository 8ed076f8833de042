import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.utils.timezone import localtime
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.editorial.actors import SYSTEM
from news.editorial.services import article_publish
from news.models import Article, ArticleStatus, Column, ColumnAccess, ColumnType, Site
from news.public.sites import site_hosts_forget
from staff.two_factor import two_factor_required

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# made by tests beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args):
    return datetime(*args, tzinfo=BEIJING)


def clock_start():
    """The instant every test starts at: 2026-06-15 10:00 in Beijing, or
    PORTAL_TEST_NOW (ISO 8601, Beijing time unless it names an offset), which
    scripts/shifted-clocks.sh sets to prove no test depends on the date."""
    value = os.environ.get("PORTAL_TEST_NOW")
    if not value:
        return beijing(2026, 6, 15, 10, 0)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)


TEST_NOW = clock_start()


@pytest.fixture(autouse=True)
def fixed_clock(time_machine):
    """Every test starts at TEST_NOW, whatever the real date, and the clock
    then runs on (sessions, TOTP codes and timeouts behave as in life). A test
    that needs another "today" calls time_machine.move_to() itself."""
    time_machine.move_to(TEST_NOW, tick=True)
    return TEST_NOW


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    # A transactional test with serialized_rollback reloads content types
    # under new ids; the process-wide cache of them must not outlive that.
    ContentType.objects.clear_cache()
    # Sites made by an earlier test were rolled back without a signal.
    site_hosts_forget()
    yield
    cache.clear()
    site_hosts_forget()


@pytest.fixture
def site(db):
    fields = {
        "site_name": "乌审旗苏力德苏木人民政府",
        "domain": "www.example.gov.cn",
        "site_id_code": "1506260001",
        "icp_number": "蒙ICP备12345678号",
        "police_number": "蒙公网安备15062602000001号",
        "police_record_url": "https://beian.mps.gov.cn/#/query/webSearch?code=15062602000001",
        "organiser": "乌审旗苏力德苏木人民政府",
        "contact": "0477-1234567",
        "error_report_url": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?id=1506260001",
        "government_badge_url": "https://bszs.conac.cn/sitename?method=show&id=1",
        "default_source": "乌审旗苏力德苏木人民政府",
        "publisher": "苏力德苏木党政综合办公室",
        "index_prefix": "11150626MB1234567X",
    }
    # Something made before (a column) may have made the default site already.
    site, _ = Site.objects.update_or_create(key="main", defaults=fields)
    return site


@pytest.fixture
def columns(site):
    """首页 > 公开 > 苏木镇动态 / 通知公告, and 政务要闻 at the top. 公开 is the
    政务公开 section: its columns' articles carry the disclosure box."""
    public = Column.objects.create(
        name="公开", slug="gongkai", column_type=ColumnType.SECTION, order=1, is_disclosure=True
    )
    news = Column.objects.create(
        name="苏木镇动态",
        slug="dongtai",
        parent=public,
        column_type=ColumnType.NEWS,
        order=1,
        description="苏木镇工作动态",
        keywords="动态,苏力德",
    )
    notices = Column.objects.create(name="通知公告", slug="tongzhi", parent=public, column_type=ColumnType.NOTICE)
    headlines = Column.objects.create(name="政务要闻", slug="yaowen", column_type=ColumnType.NEWS, order=2)
    return {"public": public, "news": news, "notices": notices, "headlines": headlines}


@pytest.fixture
def make_article(columns):
    def make(title="测试文章", column=None, published_at=None, status=ArticleStatus.PUBLISHED, **fields):
        article = Article(
            title=title,
            column=column or columns["news"],
            body=fields.pop("body", "<p>正文。</p>"),
            **fields,
        )
        if status == ArticleStatus.PUBLISHED:
            published_at = published_at or beijing(2024, 6, 7, 18, 49)
            return article_publish(article=article, published_at=published_at, actor=SYSTEM)
        article.status = status
        article.published_at = published_at
        article.save()
        return article

    return make


PASSWORD = "staff-password-123"


def staff_group(name):
    """The group the migration made; made again after a transactional test
    (browser tests) has flushed the migration's data."""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created:
        codes = [
            *import_module("news.migrations.0003_staff_groups").GROUP_PERMISSIONS[name],
            *import_module("news.migrations.0008_attachment_permissions_for_groups").GROUP_PERMISSIONS[name],
        ]
        for code in codes:
            app_label, codename = code.split(".")
            codename = codename.replace("_sitesettings", "_site")  # news 0019 renamed the model
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def site_member_add(user, site=None, *, is_site_admin=False):
    """Make `user` a member of `site` (the default site unless said otherwise):
    staff see only the sites they are members of."""
    from news.models import SiteMembership

    site = site or Site.objects.default()
    SiteMembership.objects.update_or_create(site=site, user=user, defaults={"is_site_admin": is_site_admin})
    return user


@pytest.fixture
def make_staff(db, columns):
    """A staff member in one of the groups made by the migration, working in
    `column_names`, a member of the default site (or of `sites`)."""
    from django.contrib.auth.models import User

    from news.models import ColumnAccess

    def make(username, group=None, column_names=(), superuser=False, sites=None):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True, is_superuser=superuser)
        if group:
            user.groups.add(staff_group(group))
        for site in sites if sites is not None else [columns["news"].site]:
            site_member_add(user, site)
        for name in column_names:
            ColumnAccess.objects.create(user=user, column=columns[name])
        return user

    return make


@pytest.fixture
def staff(make_staff):
    """苏力德苏木's editor and reviewer (the 公开 section and below), another
    township's editor (政务要闻 only), an auditor and a superuser."""
    return {
        "editor": make_staff("editor", "编辑", ["public"]),
        "reviewer": make_staff("reviewer", "审核", ["public"]),
        "other_editor": make_staff("other_editor", "编辑", ["headlines"]),
        "auditor": make_staff("auditor", "审计"),
        "admin": make_staff("admin", superuser=True),
    }


@pytest.fixture
def make_draft(columns, staff):
    """A draft saved through the workflow, by the editor unless said otherwise."""
    from news.editorial.services import article_save

    def make(title="苏力德苏木召开会议", column="news", user=None, body="<p>会议内容。</p>", **fields):
        article = Article(title=title, column=columns[column], body=body, **fields)
        return article_save(article=article, actor=user or staff["editor"])

    return make


def client_for(user):
    """A client signed in as `user` the way the admin requires: with a verified
    second factor for those who must use one (superusers, 审核)."""
    client = Client()
    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def current_code(device):
    """The code an authenticator app would show for `device` now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's admin_client, signed in past the admin's two-factor step."""
    return client_for(admin_user)


def change_form_data(article, **changes):
    """What the admin's article form posts for `article`, with `changes`."""
    data = {
        "column": article.column_id,
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.body,
        "source": article.source,
        "author": article.author,
        "published_at_0": localtime(article.published_at).strftime("%Y-%m-%d") if article.published_at else "",
        "published_at_1": localtime(article.published_at).strftime("%H:%M:%S") if article.published_at else "",
        "summary": article.summary,
        "cover_alt": article.cover_alt,
        "expected_version": article.version,
        "_save": "保存",
        # The attachments inline's management form (no attachments).
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.fixture
def nginx(live_server):
    """A real nginx serving the published tree (settings.PUBLISH_ROOT) and
    passing everything else to the live test server (tests/nginx.py)."""
    from urllib.parse import urlsplit

    from tests.nginx import Nginx

    server = Nginx(urlsplit(live_server.url).port).start()
    yield server
    server.stop()


# Two sites for the permission tests: the default site (苏力德苏木, from the
# `columns` fixture) and 嘎鲁图镇 with its own column, staff and articles.


@pytest.fixture
def galutu(site):
    other = Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain="galutu.example.gov.cn", organiser="嘎鲁图镇人民政府"
    )
    column = Column.objects.create(site=other, name="嘎鲁图动态", slug="dongtai", column_type=ColumnType.NEWS)
    return {"site": other, "news": column}


@pytest.fixture
def site_admins(make_staff, site, galutu):
    """The site admin of the default site (also its editor), and 嘎鲁图镇's editor, site admin and auditor."""
    home_admin = make_staff("site_admin", "编辑", ["public"])
    site_member_add(home_admin, site, is_site_admin=True)
    other_editor = make_staff("galutu_editor", "编辑", sites=[galutu["site"]])
    ColumnAccess.objects.create(user=other_editor, column=galutu["news"])
    other_admin = make_staff("galutu_admin", sites=[])
    site_member_add(other_admin, galutu["site"], is_site_admin=True)
    return {
        "home_admin": home_admin,
        "other_editor": other_editor,
        "other_admin": other_admin,
        "other_auditor": make_staff("galutu_auditor", "审计", sites=[galutu["site"]]),
    }


# The 蒙古文版. Test text in traditional Mongolian script: real words
# (ᠮᠣᠩᠭᠣᠯ "Mongolian", ᠪᠢᠴᠢᠭ "script", ᠮᠡᠳᠡᠭᠡ "news", ᠰᠤᠮᠤ "sumu"), not a
# translation of anything.
MN_TITLE = "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ ᠦᠨ ᠮᠡᠳᠡᠭᠡ"
MN_BODY = "<p>ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ᠃ 2024 ᠣᠨ ᠤ 6 ᠰᠠᠷ ᠠ ᠶᠢᠨ 7 ᠤ ᠡᠳᠦᠷ᠃</p>"


@pytest.fixture
def mongolian(site, columns):
    """The default site with its 蒙古文版 open and Mongolian names."""
    site.mongolian_enabled = True
    site.site_name_mn = "ᠰᠦᠯᠳᠡ ᠰᠤᠮᠤ"
    site.organiser_mn = "ᠰᠦᠯᠳᠡ ᠰᠤᠮᠤ"
    site.save()
    for column, name in ((columns["news"], "ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ"), (columns["public"], "ᠢᠯᠡ")):
        column.name_mn = name
        column.save()
    site_hosts_forget()
    return site


@pytest.fixture
def make_mongolian_article(make_article, mongolian):
    def make(title="测试文章", title_mn=MN_TITLE, body_mn=MN_BODY, **fields):
        return make_article(title=title, title_mn=title_mn, body_mn=body_mn, **fields)

    return make
