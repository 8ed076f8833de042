"""政务公开: the vocabulary of the disclosure fields an article in a 公开
column carries (主题分类 of the national 政府信息公开 catalogue, 体裁, 公开方式,
有效性) and the one way a 文号 is compared."""

import re
import unicodedata

from django.db import models


class SubjectCategory(models.TextChoices):
    """The top-level subjects of the national 政府信息公开 catalogue (主题分类)."""

    STATE_COUNCIL = "organisation", "国务院组织机构"
    GENERAL_AFFAIRS = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理、国有资产监管"
    FINANCE = "finance", "财政、金融、审计"
    LAND_ENERGY = "land", "国土资源、能源"
    AGRICULTURE = "agriculture", "农业、林业、水利"
    INDUSTRY = "industry", "工业、交通"
    COMMERCE = "commerce", "商贸、海关、旅游"
    MARKET = "market", "市场监管、安监"
    CONSTRUCTION = "construction", "城乡建设、环境保护"
    SCIENCE = "science", "科技、教育"
    CULTURE = "culture", "文化、广电、新闻出版"
    HEALTH = "health", "卫生、体育"
    POPULATION = "population", "人口与计划生育、妇女儿童工作"
    LABOUR = "labour", "劳动、人事、监察"
    SECURITY = "security", "公安、安全、司法"
    CIVIL_AFFAIRS = "civil", "民政、扶贫、救灾"
    ETHNIC = "ethnic", "民族、宗教"
    FOREIGN = "foreign", "对外事务"
    HMT = "hmt", "港澳台侨工作"
    DEFENCE = "defence", "国防"
    OTHER = "other", "其他"


class Genre(models.TextChoices):
    """体裁 (信息类别): the 公文 kinds of the 党政机关公文处理工作条例, and what
    a township's 公开 columns publish besides."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令(令)"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    CIRCULAR = "circular", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    PLAN = "plan", "规划计划"
    WORK_NEWS = "work_news", "工作动态"
    OTHER = "other", "其他"


class DisclosureMethod(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"


class Validity(models.TextChoices):
    """有效性. 失效 and 废止 need the day they took effect; 有效 may say since when."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


VALIDITY_NEEDS_DATE = (Validity.EXPIRED, Validity.REPEALED)

# 〔2024〕 is written [2024], (2024), 【2024】 or with full-width brackets just as often.
OPENING_BRACKETS = re.compile(r"[\[(【〔［（｛{<《]")
CLOSING_BRACKETS = re.compile(r"[\])】〕］）｝}>》]")
WHITESPACE = re.compile(r"\s+")


def document_number_key(text):
    """A 文号 as it is compared: full-width letters and digits as ASCII, upper
    case, no spaces, its year in 〔〕 whatever brackets were typed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = OPENING_BRACKETS.sub("〔", CLOSING_BRACKETS.sub("〕", text))
    return WHITESPACE.sub("", text).upper()


# A 文号 typed in the search box: the issuer's short name, the year in
# brackets, the running number, 号 (苏政发〔2024〕12号, 乌审苏政字[2023]3号).
DOCUMENT_NUMBER_PATTERN = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,16}\s*[\[(【〔［（]\s*\d{4}\s*[\])】〕］）]\s*第?\s*\d{1,6}\s*号"
)
