from .articles import Article, ArticleQuerySet, ArticleStatus, IndexNumberCounter, TrashedArticle
from .attachments import Attachment, AttachmentType
from .audit import AuditAction, AuditEntry
from .columns import Column, ColumnType
from .corrections import CORRECTED_FIELDS, ArticleCorrection, CorrectionStatus
from .review import MAX_REVIEW_LEVELS, REVIEW_LEVEL_CHOICES, ReviewDecision, ReviewDecisionKind, ReviewStep, level_name
from .site import Site, SubmissionUpdates
from .staff import ColumnAccess, SiteMembership
from .view_counts import ViewCountBatch
from .wording import WordingLevel, WordingRule

__all__ = [
    "CORRECTED_FIELDS",
    "Article",
    "ArticleCorrection",
    "ArticleQuerySet",
    "ArticleStatus",
    "Attachment",
    "AttachmentType",
    "AuditAction",
    "AuditEntry",
    "Column",
    "ColumnAccess",
    "ColumnType",
    "CorrectionStatus",
    "IndexNumberCounter",
    "MAX_REVIEW_LEVELS",
    "REVIEW_LEVEL_CHOICES",
    "ReviewDecision",
    "ReviewDecisionKind",
    "ReviewStep",
    "level_name",
    "Site",
    "SiteMembership",
    "SubmissionUpdates",
    "TrashedArticle",
    "ViewCountBatch",
    "WordingLevel",
    "WordingRule",
]
