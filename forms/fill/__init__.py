"""Filling the forms: `formdefs` reads a form definition (resources/forms/*.toml),
`values` computes the value of each field from the case and the law, `render_pdf` and
`render_docx` draw it, `pdftext` fits text into boxes with the shipped font, `signature`
and `sigfields` place signature images and empty /Sig fields, `sign` signs a field
(PAdES), `write` writes the forms a case needs. Imports `common`, `case` and `law`."""
