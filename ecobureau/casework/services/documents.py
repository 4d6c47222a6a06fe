"""Issuing official documents (文书): number, render, store, record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records
from ecobureau.lib import dates, pdf

from .. import documents
from ..models import Attachment, Document, DocumentCounter
from .attachments import attachment_add


@transaction.atomic
def document_issue(
    *,
    kind: str,
    unit: Unit,
    target: models.Model,
    by: User,
    context: Mapping[str, Any],
) -> Document:
    """Issue one document of `kind` in the name of `unit`, about `target`.

    1. Check `context` against the kind's fields.
    2. Take the next number of the unit's series for the year of issue.
    3. Render the PDF with the unit's name, the 文号 and the date.
    4. Store the PDF as an attachment of the target.
    5. Create the document and append the record entry with the PDF's SHA-256.

    All in one transaction: if any step fails the number is given back, so the
    numbers of a series have no gaps. The series' counter row stays locked until
    the transaction ends.
    """
    spec = documents.kind_get(kind)
    values = spec.clean(context)
    if not unit.document_prefix:
        raise ValidationError(f"{unit.name}未设置文号代字，不能制发文书。")
    # Lock order: the record's chain, then the series counter. A caller that has
    # appended a record entry already holds the chain; taking it first here too
    # means no two issuing transactions can wait on each other. The price: other
    # appends wait while this document renders (about half a second).
    records.lock_chain()
    issued_at = timezone.now()
    issued_on = dates.local_date(issued_at)  # the year of a 文号 is the local year
    number = document_number_take(unit=unit, series=spec.series, year=issued_on.year)
    reference = f"{unit.document_prefix}{spec.series}〔{issued_on.year}〕{number}号"
    layout = pdf.Layout(
        issuer=unit.name,
        title=spec.title,
        reference=reference,
        issued_on=issued_on,
        blocks=spec.blocks(values),
    )
    try:
        content = pdf.render(layout, created_at=issued_at)
    except pdf.MissingGlyphs as error:
        raise ValidationError(
            f"以下字符在文书字库中没有，无法排版：{'、'.join(error.characters)}。"
            "请核对后重新填写。"
        ) from None
    attachment = attachment_add(
        file=ContentFile(content, name=f"{spec.title}（{reference}）.pdf"),
        target=target,
        kind=Attachment.Kind.DOCUMENT,
        by=by,
    )
    document = Document.objects.create(
        kind=spec.code,
        title=spec.title,
        unit=unit,
        series=spec.series,
        year=issued_on.year,
        number=number,
        reference=reference,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        attachment=attachment,
        issued_by=by,
        issued_at=issued_at,
    )
    records.append(
        action="document.issue",
        target=target,
        actor=by,
        sha256=[attachment.blob_id],
        data={
            "document": document.pk,
            "kind": spec.code,
            "reference": reference,
            "attachment": attachment.pk,
        },
    )
    return document


def document_number_take(*, unit: Unit, series: str, year: int) -> int:
    """The next number of a unit's series in a year; call inside the issuing
    transaction.

    The UPDATE locks the counter row until that transaction ends, so a concurrent
    issuer waits and then gets the following number; if the transaction rolls
    back, the number is given back with it. No gaps, no duplicates.
    """
    counter = DocumentCounter.objects.filter(unit=unit, series=series, year=year)
    if not counter.update(last=F("last") + 1):
        # First number of the series this year. Two first issuers may both get
        # here: the second insert waits for the first to commit and then does
        # nothing (ON CONFLICT DO NOTHING), and its UPDATE takes the next number.
        DocumentCounter.objects.bulk_create(
            [DocumentCounter(unit=unit, series=series, year=year, last=0)],
            ignore_conflicts=True,
        )
        counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()
