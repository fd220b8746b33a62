"""StreamField blocks of standard pages. No raw HTML block: editors cannot paste markup."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("texte alternatif"),
        max_length=250,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas. Obligatoire."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texte du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse"), required=False)

    class Meta:
        icon = "link"
        label = _("Bouton d'action")
        template = "cms/blocks/call_to_action.html"

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("url"):
            from django.core.exceptions import ValidationError
            from wagtail.blocks.struct_block import StructBlockValidationError

            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choisissez une page ou saisissez une adresse."))}
            )
        return cleaned


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("réponse"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=120)
    items = blocks.ListBlock(QuestionBlock(), label=_("questions"))

    class Meta:
        icon = "list-ul"
        label = _("Questions fréquentes")
        template = "cms/blocks/accordion.html"


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=120)
    documents = blocks.ListBlock(DocumentChooserBlock(), label=_("documents"))

    class Meta:
        icon = "doc-full"
        label = _("Liste de documents")
        template = "cms/blocks/document_list.html"


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("service"), max_length=120)
    address = blocks.TextBlock(label=_("adresse"), required=False)
    phone = blocks.CharBlock(label=_("téléphone"), required=False, max_length=30)
    email = blocks.EmailBlock(label=_("courriel"), required=False)
    hours = blocks.TextBlock(label=_("horaires"), required=False)

    class Meta:
        icon = "mail"
        label = _("Contact")
        template = "cms/blocks/contact.html"


class BodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Texte"), features=RICH_TEXT_FEATURES, template="cms/blocks/text.html")
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    faq = AccordionBlock()
    documents = DocumentListBlock()
    contact = ContactBlock()
