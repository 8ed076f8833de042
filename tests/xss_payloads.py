"""Known filter-evasion payloads (after the OWASP XSS Filter Evasion Cheat
Sheet and PortSwigger's XSS cheat sheet). Each one, if it ever ran, calls
alert/confirm/prompt/print or writes to the console, which the browser tests hook."""

PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.example/xss.js?< B >",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<video><source onerror="alert(1)">',
    '<body background="javascript:alert(1)">',
    '<a href="jAvAsCrIpT:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background-image: url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="text-align:center" onclick="alert(1)">x</p>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "javascript:alert(1)",
    "{{constructor.constructor('alert(1)')()}}",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '<base href="javascript:alert(1)//">',
    '<link rel=import href="data:text/html,<script>alert(1)</script>">',
]

import re  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

from news.media.html import ALLOWED_TAGS  # noqa: E402

# Tags the portal's own templates use, beside what the body sanitiser allows.
PAGE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "div",
    "section",
    "article",
    "aside",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "span",
    "p",
    "h1",
    "h2",
    "h3",
    "dl",
    "dt",
    "dd",
    "time",
    "small",
    "strong",
    "button",
    "label",
    "address",
    "em",
    "br",
    "hr",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "caption",
}
FORM_TAGS = {"input", "select", "option", "fieldset", "legend"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "background", "data", "poster", "xlink:href", "cite"}
SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html|data:image/svg)", re.I)


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_search_form = False
        self.in_noscript = False

    def handle_starttag(self, tag, attrs):
        # The only <noscript> a page may hold is the view counter's image for
        # readers without JavaScript: it must hold that image and nothing else.
        if self.in_noscript:
            self.in_noscript = False
            if not (tag == "img" and dict(attrs).get("src", "").startswith("/views/article/")):
                self.problems.append("<noscript>")
        # The site's own search form (role="search") is the only form a page may hold.
        if tag == "noscript":
            self.in_noscript = True
        elif tag == "form" and dict(attrs).get("role") == "search" and not self.in_search_form:
            self.in_search_form = True
        elif tag in FORM_TAGS and self.in_search_form:
            pass
        elif tag not in PAGE_TAGS | ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]", "", value or "")
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and SCRIPT_SCHEME.match(value):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if name == "style" and re.search(r"expression|url\(|@import", value, re.I):
                self.problems.append(f"<{tag} style={value[:30]}>")
            if name == "http-equiv":
                self.problems.append(f"<{tag} http-equiv>")
        if tag == "script" and not dict(attrs).get("src", "").startswith("/static/"):
            self.problems.append("<script> not from /static/")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_search_form = False
        if tag == "noscript" and self.in_noscript:
            self.problems.append("<noscript>")  # opened and closed with nothing in it
            self.in_noscript = False


def markup_problems(html):
    """Live markup a payload could have smuggled in: unknown elements, event
    handlers, script URLs, inline scripts. Escaped text is not markup."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems
