from .articles import Article, ArticleQuerySet, ArticleStatus, IndexNumberCounter
from .columns import Column, ColumnType
from .site import SiteSettings

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleStatus",
    "Column",
    "ColumnType",
    "IndexNumberCounter",
    "SiteSettings",
]
