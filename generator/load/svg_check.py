"""Is an SVG image inert? Checked, never rewritten: an editor's SVG is published byte for byte or refused.

An SVG opened on its own is a document: a ``<script>``, an ``onload=``, a ``<foreignObject>`` holding
HTML or a ``javascript:`` link run on the portal's own origin. Rather than sanitising (HTML
sanitisers such as nh3 parse SVG as HTML and write back a file without its XML namespaces, which
browsers then refuse to draw as an image), the file is parsed as XML and accepted only when every
element is a drawing element from a fixed list, in the SVG namespace or an editor's metadata
namespace (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons); no attribute is an event handler;
every link points inside the file (``#id``); no style loads anything (``url(`` other than
``url(#id)``, ``@import``); no DOCTYPE, entity or processing instruction.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_EDITOR_NAMESPACES = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
}
_DRAWING_ELEMENTS = frozenset("""
    svg g defs symbol use path rect circle ellipse line polyline polygon text tspan textPath title desc metadata
    linearGradient radialGradient stop clipPath mask pattern marker a switch filter
    feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
    feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode
    feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split())
_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_LOADS = re.compile(r"url\s*\(\s*(?![\"']?#)|@import|expression\s*\(|javascript:", re.IGNORECASE)


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def svg_danger(data: bytes) -> str | None:
    """Why ``data`` is not an inert SVG (Vietnamese, for the editor), or None when it is."""
    if _DECLARATIONS.search(data):
        return "có khai báo DOCTYPE/ENTITY"
    parser = ET.XMLPullParser(events=("start", "pi"))
    try:
        parser.feed(data)
        parser.close()
        events = list(parser.read_events())
    except ET.ParseError as exc:
        return f"không phải tệp XML hợp lệ ({exc})"
    for event, element in events:
        if event == "pi":
            return "có chỉ thị xử lý (<?…?>)"
        namespace, local = _split(element.tag)
        if namespace == SVG_NS:
            if local not in _DRAWING_ELEMENTS:
                return f"có phần tử <{local}>"
        elif namespace not in _EDITOR_NAMESPACES:
            return f"có phần tử <{local}> ngoài không gian tên SVG"
        for name, value in element.attrib.items():
            attr_ns, attr = _split(name)
            if attr.lower().startswith("on"):
                return f"có thuộc tính sự kiện '{attr}'"
            if attr == "href" and attr_ns in ("", XLINK_NS) and not value.strip().startswith("#"):
                return f"có liên kết ra ngoài tệp ('{value[:60]}')"
            if _LOADS.search(value):
                return f"thuộc tính '{attr}' tải nội dung từ ngoài tệp"
    return None
