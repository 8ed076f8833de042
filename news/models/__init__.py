from .articles import Article, ArticleQuerySet, ArticleStatus, IndexNumberCounter
from .attachments import Attachment, AttachmentType
from .columns import Column, ColumnType
from .site import SiteSettings

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleStatus",
    "Attachment",
    "AttachmentType",
    "Column",
    "ColumnType",
    "IndexNumberCounter",
    "SiteSettings",
]
