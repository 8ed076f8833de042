"""Every footer item and meta tag docs/standards.md lists, filled in and not a
placeholder left from the demo."""

import re

from django.urls import reverse

from news.models import Article, Column, ColumnType
from news.models.site import ERROR_REPORT_URL

from .findings import Category, Finding, Severity

FOOTER_ITEMS = [
    ("government_badge_url", "党政机关标识链接"),
    ("error_report_url", "“我为政府网站找错”链接"),
    ("site_id_code", "网站标识码"),
    ("icp_number", "ICP备案号"),
    ("police_number", "公安机关备案号"),
    ("police_record_url", "公安机关备案链接"),
    ("organiser", "网站主办单位"),
    ("contact", "联系方式"),
]
META_ITEMS = [
    ("site_name", "网站名称(SiteName)"),
    ("domain", "网站域名(SiteDomain)"),
    ("site_description", "网站描述(首页 ColumnDescription)"),
    ("site_keywords", "网站关键词(首页 ColumnKeywords)"),
]
PLACEHOLDER = re.compile(r"0{6,}|示例|example|^(localhost|127\.0\.0\.1)$", re.IGNORECASE)
SITE_ID_CODE = re.compile(r"^[0-9A-Za-z]{10}$")


def settings_findings(site):
    change_url = reverse("admin:news_site_change", args=[site.pk])
    findings = []

    def add(code, message, detail=""):
        findings.append(
            Finding(
                code,
                Severity.DEDUCT,
                Category.SETTINGS,
                message,
                subject="站点设置",
                detail=detail,
                fix_url=change_url,
                fix_label="修改站点设置",
            )
        )

    for field, label in FOOTER_ITEMS + META_ITEMS:
        # The footer links 找错 to the platform's page for the 标识码 when no address is set.
        value = (site.error_report_link if field == "error_report_url" else getattr(site, field) or "").strip()
        place = "页脚" if (field, label) in FOOTER_ITEMS else "页面元数据"
        if not value:
            add(
                "settings_missing",
                f"{place}缺少{label}",
                f"站点设置中的“{site._meta.get_field(field).verbose_name}”为空",
            )
        elif PLACEHOLDER.search(value):
            add("settings_placeholder", f"{place}的{label}疑似示例值:{value}", "请填写真实信息")
    code = (site.site_id_code or "").strip()
    if code and not SITE_ID_CODE.match(code):
        add("settings_placeholder", f"网站标识码格式不正确:{code}", "网站标识码应为 10 位字母或数字")
    elif code and site.error_report_url and code not in site.error_report_url:
        add(
            "settings_placeholder",
            "“我为政府网站找错”链接未带本站网站标识码",
            f"应为全国政府网站找错平台本站页面:{ERROR_REPORT_URL.format(site_id_code=code)},或清空由系统生成",
        )

    unsourced = Article.objects.published().filter(column__site=site, source="").count()
    if unsourced:
        findings.append(
            Finding(
                "article_without_source",
                Severity.DEDUCT,
                Category.SETTINGS,
                f"{unsourced} 篇已发布文章没有来源(ContentSource 为空)",
                detail="在站点设置中填写默认来源,或逐篇补填来源",
                fix_url=f"{reverse('admin:news_article_changelist')}?source__exact=",
                fix_label="查看文章",
            )
        )
    for column in Column.objects.filter(site=site).exclude(column_type=ColumnType.SECTION).order_by("order", "id"):
        missing = [
            label
            for field, label in (("description", "栏目描述"), ("keywords", "栏目关键词"))
            if not getattr(column, field).strip()
        ]
        if missing:
            findings.append(
                Finding(
                    "column_meta_default",
                    Severity.NOTICE,
                    Category.SETTINGS,
                    f"栏目“{column.name}”未填写{'、'.join(missing)},页面元数据以栏目名称代替",
                    subject=column.name,
                    fix_url=reverse("admin:news_column_change", args=[column.pk]),
                    fix_label="修改栏目",
                    object_id=column.pk,
                )
            )
    return findings
