"""Reading a folder of article pages saved from an old site, with a mapping
file (TOML) that says where each field is on that site's pages. Pages are
parsed by tinyhtml5 (an HTML5 parser, so broken markup reads as a browser
reads it, and the encoding is taken from the page: GBK sites included) and
fields found with CSS selectors (cssselect2). The mapping format is described
in docs/import.md; imports/mappings/example-gov-cms.toml is a complete example."""

import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import cssselect2
import tinyhtml5
from django.utils import timezone

from news.models import Column, Site

from .services import ImportedArticle, ImportRefused

FIELD_NAMES = ("url", "breadcrumb", "title", "subtitle", "published_at", "source", "author", "index_number", "body")
REQUIRED_FIELDS = ("title", "published_at", "body")
DEFAULT_PAGES = ["**/*.html", "**/*.htm", "**/*.shtml"]
DEFAULT_DATE_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y年%m月%d日%H:%M:%S",
    "%Y年%m月%d日%H:%M",
    "%Y年%m月%d日",
]
BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:->|>|>|»|›|/|\\|→)\s*")
BREADCRUMB_LABEL = re.compile(r"^\s*(?:当前位置|您现在的位置|你的位置|您的位置|位置)\s*[::]?\s*")
DATE_SPACES = re.compile(r"\s*([年月日/\-])\s*")


class MappingError(Exception):
    """The mapping file is unusable; the message says why, in Chinese."""


@dataclass
class FieldRule:
    name: str = ""
    selector: str = ""
    tests: list = field(default_factory=list)  # the selector, compiled once
    attribute: str = ""
    pattern: re.Pattern | None = None
    formats: list = field(default_factory=list)
    remove: bool = False  # take the matched text out of the page (a byline in the body)
    drop: list = field(default_factory=list)  # parts of the body to leave out: a compiled selector list each


@dataclass
class Mapping:
    name: str
    base_url: str
    pages: list
    rules: dict
    columns: dict  # breadcrumb (full path or last part) -> Column
    default_column: Column | None
    encoding: str = ""


def mapping_load(path, into=None):
    """Read and check a mapping file, its columns looked up in the site
    `into` (the default site when None); raises MappingError."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"无法读取映射文件 {path}:{error}") from None
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"映射文件 {path} 格式错误:{error}") from None
    site = data.get("site", {})
    fields = data.get("fields", {})
    unknown = sorted(set(fields) - set(FIELD_NAMES))
    if unknown:
        raise MappingError(f"映射文件中有无法识别的字段:{'、'.join(unknown)}(可用:{'、'.join(FIELD_NAMES)})")
    missing = [name for name in REQUIRED_FIELDS if name not in fields]
    if missing:
        raise MappingError(f"映射文件缺少字段:{'、'.join(missing)}")
    rules = {name: _rule(name, spec) for name, spec in fields.items()}
    slugs = dict(data.get("columns", {}))
    default_slug = site.get("default_column", "")
    wanted = set(slugs.values()) | ({default_slug} if default_slug else set())
    site_columns = Column.objects.filter(site=into or Site.objects.default()).select_related("site")
    found = {column.slug: column for column in site_columns.filter(slug__in=wanted)}
    absent = sorted(wanted - set(found))
    if absent:
        raise MappingError(f"映射文件中的栏目不存在:{'、'.join(absent)}(请填写本站栏目的网址标识)")
    columns = {_path_key(key): found[slug] for key, slug in slugs.items()}
    if not columns and not default_slug:
        raise MappingError("映射文件没有栏目对应关系:请填写 [columns] 或 site.default_column")
    base_url = site.get("base_url", "")
    if not base_url and "url" not in fields:
        raise MappingError("映射文件需要 site.base_url 或 fields.url:文章按原网址对应,重复导入才不会重复")
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return Mapping(
        name=site.get("name", Path(path).stem),
        base_url=base_url,
        pages=list(site.get("pages", DEFAULT_PAGES)),
        rules=rules,
        columns=columns,
        default_column=found.get(default_slug),
        encoding=site.get("encoding", ""),
    )


def _rule(name, spec):
    if isinstance(spec, str):
        spec = {"selector": spec}
    if not isinstance(spec, dict) or not spec.get("selector"):
        raise MappingError(f"字段 {name} 需要 selector(CSS 选择器)")
    try:
        tests = [
            compiled.test
            for compiled in cssselect2.compile_selector_list(spec["selector"])
            if compiled.pseudo_element is None and not compiled.never_matches
        ]
        # Compiled once here, not on every page.
        drop = [cssselect2.compile_selector_list(selector) for selector in spec.get("drop", [])]
    except Exception as error:  # cssselect2 raises several kinds of parse errors
        raise MappingError(f"字段 {name} 的选择器“{spec['selector']}”无效:{error}") from None
    try:
        pattern = re.compile(spec["pattern"]) if spec.get("pattern") else None
    except re.error as error:
        raise MappingError(f"字段 {name} 的 pattern 无效:{error}") from None
    formats = spec.get("format", [])
    return FieldRule(
        name=name,
        selector=spec["selector"],
        tests=tests,
        attribute=spec.get("attribute", ""),
        pattern=pattern,
        formats=[formats] if isinstance(formats, str) else list(formats),
        remove=bool(spec.get("remove", False)),
        drop=drop,
    )


def pages_find(folder, mapping):
    """The page files in `folder`, each once, in a stable order."""
    found = set()
    for pattern in mapping.pages:
        found.update(path for path in Path(folder).glob(pattern) if path.is_file())
    return sorted(found)


# --- One page -------------------------------------------------------------------


def page_read(path, *, folder, mapping):
    """The ImportedArticle a saved page holds; raises ImportRefused."""
    folder = Path(folder).resolve()
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportRefused(f"无法读取:{error.strerror}") from None
    if not data.strip():
        raise ImportRefused("空文件")
    options = {"override_encoding": mapping.encoding} if mapping.encoding else {}
    try:
        root = tinyhtml5.parse(data, namespace_html_elements=False, **options)
    except Exception as error:  # a parser failure on one page must not stop the others
        raise ImportRefused(f"无法解析网页:{error}") from None
    page = _Page(cssselect2.ElementWrapper.from_html_root(root), mapping.rules)
    relative = Path(path).resolve().relative_to(folder).as_posix()
    url = _value(page, mapping.rules.get("url"))
    url = urljoin(mapping.base_url, url) if url else (mapping.base_url + relative if mapping.base_url else "")
    title = _value(page, mapping.rules["title"], required="标题")
    breadcrumb = _breadcrumb(_value(page, mapping.rules.get("breadcrumb")))
    column = _column(breadcrumb, mapping)
    published_at = _date(
        _value(page, mapping.rules["published_at"], required="发布时间"), mapping.rules["published_at"]
    )
    author = _byline(page, mapping.rules.get("author"))
    body_element = _element(page, mapping.rules["body"], required="正文")
    _drop(body_element, mapping.rules["body"].drop)
    files = _files_resolve(body_element, page_file=Path(path).resolve(), folder=folder, page_url=url, mapping=mapping)
    return ImportedArticle(
        title=title,
        column=column,
        body=_inner_html(body_element),
        published_at=published_at,
        source_url=url,
        index_number=_value(page, mapping.rules.get("index_number")),
        subtitle=_value(page, mapping.rules.get("subtitle")),
        source=_value(page, mapping.rules.get("source")),
        author=author,
        files=files,
    )


class _Page:
    """The first element each field's selector finds, all found in one walk
    through the page (a walk per field took longer than parsing the page)."""

    def __init__(self, root, rules):
        pending = {name: rule.tests for name, rule in rules.items()}
        self.found = {}
        for element in root.iter_subtree():
            for name, tests in list(pending.items()):
                if any(test(element) for test in tests):
                    self.found[name] = element
                    del pending[name]
            if not pending:
                break


def _element(page, rule, required=""):
    found = page.found.get(rule.name) if rule else None
    if found is None and required:
        raise ImportRefused(f"找不到{required}(选择器 {rule.selector})")
    return found


def _text(element):
    return " ".join("".join(element.etree_element.itertext()).split())


def _value(page, rule, required=""):
    """The field's text: the element's text (or attribute), cut by the pattern."""
    element = _element(page, rule, required)
    if element is None:
        return ""
    text = element.etree_element.get(rule.attribute, "").strip() if rule.attribute else _text(element)
    if rule.pattern:
        match = rule.pattern.search(text)
        if match is None:
            if required:
                raise ImportRefused(f"{required}与格式不符(pattern {rule.pattern.pattern}):“{text[:60]}”")
            return ""
        text = _group(match).strip()
    if required and not text:
        raise ImportRefused(f"{required}为空")
    return text


def _group(match):
    if "value" in match.re.groupindex:
        return match["value"] or ""
    return match.group(1) if match.re.groups else match.group(0)


def _date(text, rule):
    cleaned = DATE_SPACES.sub(r"\1", " ".join(text.split()))
    for fmt in rule.formats or DEFAULT_DATE_FORMATS:
        for candidate in (text.strip(), cleaned):
            try:
                moment = datetime.strptime(candidate, fmt)
            except ValueError:
                continue
            return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    raise ImportRefused(f"发布时间“{text[:40]}”无法识别")


def _path_key(text):
    return " > ".join(part for part in BREADCRUMB_SEPARATORS.split(BREADCRUMB_LABEL.sub("", text)) if part.strip())


def _breadcrumb(text):
    return _path_key(text) if text else ""


def _column(breadcrumb, mapping):
    """The column for the page's breadcrumb: the whole path, then the
    longest tail of it, is looked up in [columns]; else site.default_column."""
    parts = breadcrumb.split(" > ") if breadcrumb else []
    for start in range(len(parts)):
        column = mapping.columns.get(" > ".join(parts[start:]))
        if column is not None:
            return column
    if mapping.default_column is not None:
        return mapping.default_column
    raise ImportRefused(f"栏目“{breadcrumb or '(无导航路径)'}”在映射文件 [columns] 中没有对应的本站栏目")


def _byline(page, rule):
    """The author, e.g. “(茜沁)” after the body; with `remove` the byline is
    taken out of the page so that the body does not show it twice."""
    element = _element(page, rule) if rule else None
    if element is None:
        return ""
    text = (
        element.etree_element.get(rule.attribute, "") if rule.attribute else "".join(element.etree_element.itertext())
    )
    match = rule.pattern.search(text) if rule.pattern else None
    if rule.pattern and match is None:
        return ""
    author = (_group(match) if match else text).strip()
    if rule.remove and not rule.attribute:
        _text_remove(element, match.group(0) if match else text)
    return " ".join(author.split())


def _text_remove(wrapper, snippet):
    """Cut `snippet` from the element's last text that holds it; an element
    left with no text and no children goes altogether."""
    element = wrapper.etree_element
    nodes = [(element, "text")] + [
        (child, attr) for child in element.iter() if child is not element for attr in ("text", "tail")
    ]
    for node, attr in reversed(nodes):
        value = getattr(node, attr) or ""
        if snippet.strip() and snippet.strip() in value:
            cut = value.rfind(snippet.strip())
            setattr(node, attr, value[:cut] + value[cut + len(snippet.strip()) :])
            break
    if not "".join(element.itertext()).strip() and len(element) == 0 and wrapper.parent is not None:
        parent = wrapper.parent.etree_element
        _keep_tail(parent, element)
        parent.remove(element)


def _keep_tail(parent, element):
    """The text after a removed element stays where it was."""
    if not element.tail:
        return
    children = list(parent)
    index = children.index(element)
    if index == 0:
        parent.text = (parent.text or "") + element.tail
    else:
        previous = children[index - 1]
        previous.tail = (previous.tail or "") + element.tail


def _drop(wrapper, selector_lists):
    """Leave out the parts of the body the mapping names (share buttons, 【字体】…)."""
    for selectors in selector_lists:
        for found in list(wrapper.query_all(*selectors)):
            if found.parent is not None and found.etree_element in list(found.parent.etree_element):
                _keep_tail(found.parent.etree_element, found.etree_element)
                found.parent.etree_element.remove(found.etree_element)


def _inner_html(wrapper):
    element = wrapper.etree_element
    for child in list(element):
        if callable(child.tag):  # comments and processing instructions
            _keep_tail(element, child)
            element.remove(child)
    parts = [_escape(element.text or "")]
    parts += [ET.tostring(child, encoding="unicode", method="html") for child in element]
    return "".join(parts).strip()


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- Files beside the page --------------------------------------------------------


def _files_resolve(body, *, page_file, folder, page_url, mapping):
    """{reference as written: local file} for the body's images and links
    whose file is in the folder. Other relative references are made absolute
    on the old site, so they still lead somewhere."""
    files = {}
    for element in body.etree_element.iter():
        attribute = {"img": "src", "a": "href"}.get(element.tag if isinstance(element.tag, str) else "")
        reference = (element.get(attribute) or "").strip() if attribute else ""
        if not reference or reference.startswith(("#", "data:", "mailto:", "tel:", "javascript:")):
            continue
        local = _local_file(reference, page_file=page_file, folder=folder, page_url=page_url, base_url=mapping.base_url)
        if local is not None:
            files[reference] = local
        elif page_url and not urlsplit(reference).scheme:
            element.set(attribute, urljoin(page_url, reference))
    return files


def _local_file(reference, *, page_file, folder, page_url, base_url):
    parts = urlsplit(reference)
    path = unquote(parts.path)
    candidates = []
    if not parts.scheme and not parts.netloc and path and not path.startswith("/"):
        candidates.append(page_file.parent / path)
    if path.startswith("/") and not parts.netloc:
        candidates.append(folder / path.lstrip("/"))
    absolute = urljoin(page_url, reference) if page_url else reference
    if base_url and absolute.startswith(base_url):
        candidates.append(folder / unquote(urlsplit(absolute[len(base_url) :]).path))
    for candidate in candidates:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        # Only files inside the folder: a page cannot make the import read /etc/passwd.
        if resolved.is_relative_to(folder) and resolved.is_file() and resolved != page_file:
            return resolved
    return None
