"""Empty digital signature fields (/FT /Sig) over the forms' signature and seal boxes.

The form PDFs get theirs from pyHanko (`add_signature_fields`). The pack, which merges the
forms with the scans in pypdf, adds the same fields to its writer (`add_to_writer`): the
field dictionary is the one pyHanko writes (a widget annotation with /FT /Sig, /T, /Rect,
/F print, /P), and a test signs the pack's fields with pyHanko. The pack does not import
pyHanko because its start-up alone (about 0.35 s, pyhanko.sign pulls in aiohttp) would
exceed the pack command's whole time budget.

Neither sets /NeedAppearances: the fields are empty, the visible line and date are page
content, so the page prints the same signed digitally or by hand.
"""

from __future__ import annotations

import io

Spec = tuple  # (field name, page index, (x0, y0, x1, y1))


def add_signature_fields(pdf: bytes, specs: list[Spec]) -> bytes:
    """`pdf` with an empty signature field for each (name, page, rect), by pyHanko."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, page, rect in specs:
        append_signature_field(writer, SigFieldSpec(name, on_page=page, box=tuple(round(v, 2) for v in rect)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_to_writer(writer, specs: list[Spec]) -> None:
    """Add empty signature fields to a pypdf PdfWriter (page indices in the writer)."""
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, TextStringObject)

    root = writer._root_object
    if "/AcroForm" not in root:
        root[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({NameObject("/Fields"): ArrayObject()}))
    form = root["/AcroForm"].get_object()
    if "/Fields" not in form:
        form[NameObject("/Fields")] = ArrayObject()
    fields = form["/Fields"]
    for name, page_index, rect in specs:
        page = writer.pages[page_index]
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject(name),
            NameObject("/F"): NumberObject(4),  # print
            NameObject("/Rect"): ArrayObject([FloatObject(round(v, 2)) for v in rect]),
            NameObject("/P"): page.indirect_reference,
        })
        ref = writer._add_object(widget)
        if "/Annots" in page:
            page["/Annots"].get_object().append(ref)
        else:
            page[NameObject("/Annots")] = ArrayObject([ref])
        fields.append(ref)
    form[NameObject("/SigFlags")] = NumberObject(int(form.get("/SigFlags", 0)) | 1)
