"""Reading what the preference stylesheet (/preferences.css) applies to a
page in the browser: the page itself carries no trace of the choice."""

ARTICLE_FONT = "() => parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)"
IS_ELDER = "() => getComputedStyle(document.documentElement).getPropertyValue('--target').trim() === '60px'"


def article_font_size(page):
    return page.evaluate(ARTICLE_FONT)


def wait_for_article_font_size(page, pixels):
    """With JavaScript on, the new stylesheet applies a moment after the click."""
    page.wait_for_function(f"() => ({ARTICLE_FONT})() === {float(pixels)}")


def is_elder(page):
    return page.evaluate(IS_ELDER)


def wait_for_elder(page, on=True):
    page.wait_for_function(f"() => ({IS_ELDER})() === {'true' if on else 'false'}")


def body_font_variable(page):
    """The --body-font the stylesheet set: 14/16/20px, 24/30/40px in 关怀版."""
    return page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--body-font').trim()")


def wait_for_body_font_variable(page, value):
    page.wait_for_function(
        f"() => getComputedStyle(document.documentElement).getPropertyValue('--body-font').trim() === '{value}'"
    )
