"""
Checking an uploaded SVG logo before it is stored.

An SVG is a program as much as a picture: it can carry scripts, event handlers,
embedded web pages and links that fetch other files. A browser runs none of that
when the SVG is shown through ``<img>`` (as the site always shows it), but anyone
who opens the file's own address would get it all, from the organisation's media
host. An Editor's account may be in the wrong hands, so the logo is read with a
real XML parser (defusedxml: no entity tricks) and refused unless it is a plain
drawing: only SVG elements and attributes that draw, nothing that runs, nothing
that reaches outside the file.
"""

import re
from xml.etree.ElementTree import ParseError, TreeBuilder  # noqa: S405 - defusedxml parses

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_LOGO_BYTES = 200 * 1024

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

# Elements that run code, show other documents or change links when animated.
FORBIDDEN_ELEMENTS = {
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "discard",
}

# url(...) in a style or attribute: only "#id" (a gradient in this file) is allowed.
CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
# Browsers ignore whitespace and control characters inside a URL scheme.
INVISIBLE = re.compile(r"[\x00-\x20]+")

EXPORT_ADVICE = (
    " Export the logo again as a plain SVG (in Inkscape: 'Plain SVG'; in "
    "Illustrator: 'SVG', without scripts or links), or ask a designer for one."
)


def refuse(problem):
    raise ValidationError(problem + EXPORT_ADVICE, code="unsafe_svg")


def local_name(name):
    """``{namespace}name`` -> ``name``, lower-cased."""
    return name.rsplit("}", 1)[-1].lower()


def namespace(name):
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def read_upload(upload):
    """The file's bytes, refusing anything over the size limit before reading it all."""
    if getattr(upload, "size", None) is not None and upload.size > MAX_LOGO_BYTES:
        raise_too_big(upload.size)
    upload.seek(0)
    data = upload.read(MAX_LOGO_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_LOGO_BYTES:
        raise_too_big(len(data))
    return data if isinstance(data, bytes) else data.encode()


def raise_too_big(size):
    raise ValidationError(
        f"This logo is {filesizeformat(size)}; a logo may be at most "
        f"{filesizeformat(MAX_LOGO_BYTES)}. Simplify it or save it as a plain SVG "
        "without embedded pictures.",
        code="svg_too_big",
    )


class Builder(TreeBuilder):
    """Builds the tree and notes every processing instruction, even before <svg>."""

    def __init__(self):
        super().__init__()
        self.instructions = []

    def pi(self, target, text=None):
        self.instructions.append(target)
        return super().pi(target, text)


def parse(data):
    """The document's root element; refuses any processing instruction."""
    builder = Builder()
    parser = XMLParser(target=builder, forbid_dtd=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        refuse(
            "This file has a document type declaration (<!DOCTYPE ...>) or "
            "entities, which a logo never needs and which can be used to read "
            "other files."
        )
    except (ParseError, ValueError):
        raise ValidationError(
            "This file is not a valid SVG image: it could not be read as XML. "
            "Choose an .svg file exported from a drawing program.",
            code="not_svg",
        ) from None
    if builder.instructions:
        refuse(
            "This logo contains a processing instruction (such as xml-stylesheet), "
            "which can load other files."
        )
    return root


def check_reference(value):
    """An href, or a url(...) target: only a reference within this same file."""
    target = INVISIBLE.sub("", value)
    if target.lower().startswith(("javascript:", "vbscript:")):
        refuse("This logo contains a 'javascript:' link, which runs code.")
    if target.lower().startswith("data:"):
        refuse(
            "This logo contains an embedded 'data:' file, which may hide another "
            "document or script."
        )
    if target and not target.startswith("#"):
        refuse(
            f"This logo refers to another file ('{value[:80]}'). A logo must "
            "contain everything it draws."
        )


def check_css(text):
    """Styles, in <style> or a style attribute: no imports, no outside files."""
    lowered = text.lower()
    if "@import" in lowered:
        refuse("This logo's styles import another file (@import).")
    if "expression(" in lowered or "javascript:" in INVISIBLE.sub("", lowered):
        refuse("This logo's styles contain code.")
    for target in CSS_URL.findall(text):
        check_reference(target)


def check_element(element):
    if not isinstance(element.tag, str):  # a comment
        return
    name = local_name(element.tag)
    if name in FORBIDDEN_ELEMENTS or namespace(element.tag) == XHTML_NAMESPACE:
        if name == "script":
            refuse("This logo contains a script (<script>), which could run code.")
        if name == "foreignobject":
            refuse("This logo contains a <foreignObject>, which can embed a web page.")
        refuse(f"This logo contains a <{name}> element, which a logo may not use.")
    for attribute, value in element.attrib.items():
        attribute_name = local_name(attribute)
        if attribute_name.startswith("on"):
            refuse(
                f"This logo contains an event handler ('{attribute_name}'), which "
                "runs code."
            )
        if attribute_name in {"href", "src"}:
            check_reference(value)
        elif attribute_name == "style":
            check_css(value)
        else:
            lowered = INVISIBLE.sub("", value).lower()
            if "javascript:" in lowered:
                refuse("This logo contains a 'javascript:' link, which runs code.")
            for target in CSS_URL.findall(value):
                check_reference(target)
    if name == "style":
        check_css(element.text or "")


def validate_svg(upload):
    """
    Refuse, with a reason an editor can act on, any file that is not a plain SVG
    drawing. Files already stored (the form saved again without a new upload)
    were checked when they arrived and are not read again.
    """
    if getattr(upload, "_committed", False):
        return
    root = parse(read_upload(upload))
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ValidationError(
            "This file is XML but not an SVG image (its outermost element should "
            'be <svg> with xmlns="http://www.w3.org/2000/svg"). Choose an .svg '
            "file exported from a drawing program.",
            code="not_svg",
        )
    for element in root.iter():
        check_element(element)
