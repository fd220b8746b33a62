"""Logo and favicon uploads: PNG checked with Pillow, SVG parsed safely and reduced to an
allow-list. A file that carries a script, an event handler or an external reference is
refused, with the reason in French; nothing else on the site changes."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.etree import ElementTree

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4096
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

ALLOWED_ELEMENTS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "use",
    "title",
    "desc",
    "symbol",
}
ALLOWED_ATTRIBUTES = {
    "id",
    "class",
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "viewBox",
    "points",
    "fill",
    "fill-opacity",
    "fill-rule",
    "clip-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "stroke-miterlimit",
    "stroke-dasharray",
    "opacity",
    "transform",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "clip-path",
    "mask",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "preserveAspectRatio",
    "href",
    "role",
    "aria-label",
    "version",
    "xml:space",
    "dominant-baseline",
}


class UploadError(ValueError):
    """A refused file; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str  # "svg" or "png"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute_name(name: str) -> str:
    if name.startswith(f"{{{XLINK_NS}}}"):
        return "href"
    if name.startswith("{http://www.w3.org/XML/1998/namespace}"):
        return "xml:" + _local(name)
    return _local(name)


def clean_svg(data: bytes) -> bytes:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError):
        raise UploadError("Ce fichier SVG est illisible ou contient des déclarations interdites.") from None
    if _local(root.tag) != "svg":
        raise UploadError("Ce fichier n'est pas une image SVG.")
    for element in root.iter():
        name = _local(element.tag)
        if name in ("script", "foreignObject", "iframe", "object", "embed"):
            raise UploadError("Le logo SVG contient un script ou un contenu actif : il est refusé.")
        if name in ("image", "style", "a", "animate", "set", "animateTransform", "animateMotion"):
            raise UploadError(
                f"Le logo SVG contient un élément « {name} » (image externe, style ou lien) : il est refusé."
            )
        for attribute, value in list(element.attrib.items()):
            local = _attribute_name(attribute)
            if local.lower().startswith("on"):
                raise UploadError("Le logo SVG contient un gestionnaire d'évènement (script) : il est refusé.")
            if local == "href" and not value.startswith("#"):
                raise UploadError("Le logo SVG fait référence à un fichier externe : il est refusé.")
            if re.search(r"url\(\s*['\"]?(?!#)", value) or "javascript:" in value.lower():
                raise UploadError("Le logo SVG fait référence à une ressource externe : il est refusé.")
            if local not in ALLOWED_ATTRIBUTES:
                del element.attrib[attribute]  # presentation-only attributes we do not need
    # Editors' metadata (Inkscape, Illustrator…) and anything else not drawn: removed.
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        if _local(element.tag) not in ALLOWED_ELEMENTS and element is not root and element in parents:
            parents[element].remove(element)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def clean_png(data: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise UploadError("Seules les images PNG et SVG sont acceptées.")
            if image.width > MAX_PIXELS or image.height > MAX_PIXELS:
                raise UploadError(f"L'image est trop grande : {MAX_PIXELS} pixels de côté au maximum.")
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise UploadError("Ce fichier n'est pas une image PNG valide.") from None
    return data


def too_large_message(size: int) -> str:
    return f"Le fichier pèse {size / (1024 * 1024):.0f} Mo : 2 Mo au maximum."


def clean_image(name: str, data: bytes) -> CleanImage:
    """Validate an uploaded logo or favicon by its content (not only its name)."""
    if len(data) > MAX_BYTES:
        raise UploadError(too_large_message(len(data)))
    if not data:
        raise UploadError("Le fichier est vide.")
    head = data[:512].lstrip()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return CleanImage(clean_png(data), "png")
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or name.lower().endswith(".svg"):
        return CleanImage(clean_svg(data), "svg")
    raise UploadError("Seules les images PNG et SVG sont acceptées.")
