"""The search page's one-sentence summary, put together here rather than in
one long line of conditions in the template."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def search_summary(query, page_obj):
    """搜索“…”,共找到 N 条结果, whether the list was cut short, and which page this is."""
    paginator = page_obj.paginator
    sentence = format_html(
        gettext('搜索“<strong>{}</strong>”,共找到 <strong class="result-count">{}</strong> 条结果'),
        query.text,
        paginator.count,
    )
    if paginator.object_list.more_than_listed:
        sentence += format_html(
            gettext("(超过 {0} 条,只列出前 {0} 条,请增加关键词或按栏目、日期缩小范围)"), paginator.count
        )
    if paginator.num_pages > 1:
        sentence += format_html(gettext(",第 {} / {} 页"), page_obj.number, paginator.num_pages)
    return sentence + mark_safe(gettext("。"))
