"""Branded PDF documents (acknowledgments, decisions, attestations) with ReportLab.

The content is plain data (`PdfContent`), computed by `casework.documents`; this module
only lays it out: a band in the tenant's primary colour with its name, a title, the
reference, sections of paragraphs, and a footer. Helvetica's WinAnsi encoding covers
French (é, œ, €, «»).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


@dataclass(frozen=True)
class PdfContent:
    title: str
    tenant_name: str
    reference: str
    primary_colour: str = "#000091"
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    footer: str = ""


def _colour(value: str) -> colors.Color:
    try:
        return colors.HexColor(value)
    except (ValueError, TypeError):
        return colors.HexColor("#000091")


def render(content: PdfContent) -> bytes:
    """The document as PDF bytes (A4, tagged with title and author)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=20 * mm,
        title=f"{content.title} — {content.reference}",
        author=content.tenant_name,
        lang="fr-FR",
    )
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=10.5, leading=14)
    heading = ParagraphStyle(
        "heading", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=12, spaceBefore=8, spaceAfter=4
    )
    band_text = ParagraphStyle(
        "band", parent=body, textColor=colors.white, fontName="Helvetica-Bold", fontSize=14, alignment=TA_LEFT
    )
    title = ParagraphStyle("title", parent=styles["Title"], fontName="Helvetica-Bold", fontSize=17, alignment=TA_LEFT)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, textColor=colors.HexColor("#3a3a3a"))

    band = Table([[Paragraph(escape(content.tenant_name), band_text)]], colWidths=[document.width])
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _colour(content.primary_colour)),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    story: list[object] = [band, Spacer(1, 6 * mm), Paragraph(escape(content.title), title)]
    story.append(Paragraph(escape(f"Référence : {content.reference}"), body))
    for section_title, paragraphs in content.sections:
        if section_title:
            story.append(Paragraph(escape(section_title), heading))
        for text in paragraphs:
            story.append(Paragraph(escape(text).replace("\n", "<br/>"), body))
    if content.footer:
        story += [Spacer(1, 8 * mm), Paragraph(escape(content.footer), small)]
    document.build(story)
    return buffer.getvalue()
