from .articles import Article, ArticleQuerySet, ArticleStatus, IndexNumberCounter, TrashedArticle
from .attachments import Attachment, AttachmentType
from .audit import AuditAction, AuditEntry
from .columns import Column, ColumnType
from .site import SiteSettings
from .staff import ColumnAccess
from .wording import WordingLevel, WordingRule

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleStatus",
    "Attachment",
    "AttachmentType",
    "AuditAction",
    "AuditEntry",
    "Column",
    "ColumnAccess",
    "ColumnType",
    "IndexNumberCounter",
    "SiteSettings",
    "TrashedArticle",
    "WordingLevel",
    "WordingRule",
]
