"""A small township's worth of Chinese articles, and a way to read the
results page as a list of article ids, in order."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from news.editorial.actors import SYSTEM
from news.editorial.services import article_withdraw
from news.models import ArticleStatus

from ..conftest import beijing

RESULT_LINK = re.compile(r'<li class="search-result">\s*<h2><a href="/article/(\d+)/">')


def result_ids(response):
    return [int(pk) for pk in RESULT_LINK.findall(response.content.decode())]


@pytest.fixture
def search(client):
    """GET the search page; return the ids of the articles listed, in order."""

    def search(q, expected_status=200, **params):
        response = client.get("/search/", {"q": q, **params})
        assert response.status_code == expected_status, response.content.decode()[:2000]
        return result_ids(response)

    return search


@pytest.fixture
def township(make_article, columns):
    """Published articles residents may find, and some they may never see."""
    a = {}
    a["united_front"] = make_article(
        "苏力德苏木召开统战工作会议",
        body="<p>会议强调,要铸牢中华民族共同体意识,深入推进民族团结进步创建,做好新时代统战工作。</p>",
        author="茜沁",
        published_at=beijing(2024, 6, 7, 18, 49),
    )
    a["education"] = make_article(
        "沙尔利格嘎查村开展农牧民教育培训",
        body="<p>本次培训共有 120 人次参加,内容包括草原保护和农牧业技术。</p>",
        published_at=beijing(2024, 5, 20, 9, 0),
    )
    a["unity_list"] = make_article(
        "民族团结进步创建示范单位名单公示",
        column=columns["notices"],
        body="<p>经统战部审核,现将名单予以公示,公示期为五个工作日。</p>",
        published_at=beijing(2023, 11, 20, 10, 0),
    )
    a["revitalisation"] = make_article(
        "乡村振兴 Rural Revitalization 工作推进会召开",
        column=columns["headlines"],
        body="<p>2024年全苏木完成人居环境整治投资3.5万元,新建Wi-Fi热点12个。</p>",
        published_at=beijing(2024, 3, 1, 15, 0),
    )
    a["habitat_words_apart"] = make_article(
        "生态建设工作简报",
        body="<p>改善人居条件,保护生态环境,开展专项整治。茜草种植面积扩大,沁园春诗会举办。</p>",
        published_at=beijing(2024, 2, 1, 8, 0),
    )
    # Same words in the body only, a year apart: the newer ranks first.
    a["briefing_new"] = make_article(
        "基层工作简报(第二期)", body="<p>简报介绍统战宣传情况。</p>", published_at=beijing(2024, 4, 2, 8, 0)
    )
    a["briefing_old"] = make_article(
        "基层工作简报(第一期)", body="<p>简报介绍统战宣传情况。</p>", published_at=beijing(2023, 4, 2, 8, 0)
    )
    a["draft"] = make_article("统战工作草稿", status=ArticleStatus.DRAFT, body="<p>统战 民族团结 教育</p>")
    a["withdrawn"] = make_article("已撤回的统战通知", body="<p>统战 民族团结 教育</p>")
    article_withdraw(article=a["withdrawn"], actor=SYSTEM, remark="撤稿")
    a["scheduled"] = make_article(
        "明天发布的统战新闻", body="<p>统战 民族团结 教育</p>", published_at=timezone.now() + timedelta(days=1)
    )
    return a


@pytest.fixture
def ids(township):
    return {name: article.pk for name, article in township.items()}
