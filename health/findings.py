"""What a health check finds, and the inspection verdict they add up to.

The verdict follows docs/standards.md: any single-veto (单项否决) item fails the
site; otherwise points come off 100 and under 60 fails. The points per finding
are our own estimate of the inspectors' table, not an official figure."""

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    VETO = "veto"
    DEDUCT = "deduct"
    NOTICE = "notice"

    @property
    def label(self):
        return {"veto": "单项否决风险", "deduct": "扣分项", "notice": "提示"}[self.value]

    @property
    def rank(self):
        return {"veto": 0, "deduct": 1, "notice": 2}[self.value]


class Category(str, Enum):
    COLUMNS = "columns"
    LINKS = "links"
    WORDING = "wording"
    SETTINGS = "settings"
    DISCLOSURE = "disclosure"
    PUBLISHING = "publishing"
    MONGOLIAN = "mongolian"

    @property
    def label(self):
        return {
            "columns": "栏目更新",
            "links": "链接",
            "wording": "用词",
            "settings": "站点设置",
            "disclosure": "政务公开",
            "publishing": "静态页面",
            "mongolian": "蒙古文版",
        }[self.value]


# Estimated points off 100 per finding, and the most one kind may cost in all.
POINTS = {
    "column_stale": 3,
    "column_blank": 3,
    "article_without_time": 1,
    "link_broken_template": 1,
    "link_broken": 0.5,
    "settings_missing": 2,
    "settings_placeholder": 1,
    "article_without_source": 1,
    "policy_without_validity": 1,
}
POINTS_CAP = {"link_broken": 10, "article_without_time": 10, "policy_without_validity": 10}
PASS_SCORE = 60


@dataclass
class Finding:
    code: str
    severity: Severity
    category: Category
    message: str
    subject: str = ""
    detail: str = ""
    fix_url: str = ""
    fix_label: str = ""
    object_id: int | None = None

    @property
    def points(self):
        return POINTS.get(self.code, 0) if self.severity == Severity.DEDUCT else 0

    @property
    def points_label(self):
        """The estimated cost, as the page shows it next to the finding."""
        if self.severity == Severity.VETO:
            return "单项否决"
        return f"{self.points:g} 分" if self.points else "不扣分"

    def as_dict(self):
        data = asdict(self)
        data.update(
            severity=self.severity.value,
            severity_label=self.severity.label,
            category=self.category.value,
            category_label=self.category.label,
            points=self.points,
        )
        return data


@dataclass
class Verdict:
    label: str
    score: float
    fails: bool
    reasons: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def verdict_of(findings):
    """单项否决, 扣分 (with the estimated score) or 合格."""
    vetoes = [f for f in findings if f.severity == Severity.VETO]
    lost = {}
    for finding in findings:
        lost[finding.code] = lost.get(finding.code, 0) + finding.points
    lost = {code: min(points, POINTS_CAP.get(code, points)) for code, points in lost.items()}
    score = max(0.0, round(100 - sum(lost.values()), 1))
    if vetoes:
        return Verdict("单项否决", score, True, [f.message for f in vetoes])
    if score < PASS_SCORE:
        return Verdict("扣分", score, True, [f"估算得分 {score:g} 分,低于 {PASS_SCORE} 分"])
    if score < 100:
        return Verdict("扣分", score, False, [f"估算扣 {100 - score:g} 分"])
    return Verdict("合格", score, False, [])


def by_severity(findings):
    """[(Severity, [findings…]), …], most serious first, empty groups left out."""
    groups = []
    for severity in Severity:
        items = [f for f in findings if f.severity == severity]
        if items:
            groups.append((severity, items))
    return groups
