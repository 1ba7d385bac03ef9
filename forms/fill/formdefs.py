"""Form definitions: each form Shebao Desk fills is data, one TOML file per form under
resources/forms/<form_id>.toml. A definition lists blocks in page order:

- ``fields``: a grid of labelled boxes; each field names the case value that fills it
  (a dotted case path such as ``person.passport.number``, a formatter name such as
  ``full_name``, or an inline table ``{ format = "date", path = "person.birth_date" }``),
  its bilingual label, how many columns and lines its box takes, and a ``source`` note
  saying where the field comes from;
- ``text``: fixed bilingual paragraphs (declarations, the notice's consequences);
- ``signatures``: signature and seal boxes, each becoming an empty /Sig field.

One renderer (render_pdf, render_docx) draws every form, so a new version of a form is a
change of its file. `load(form_id)` validates a definition and raises FormDefError naming
the file and the problem.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache

from forms.common.paths import resource

FORM_IDS = ("declaration_form", "termination_application", "termination_notice", "registration_form")
BLOCK_KINDS = ("fields", "text", "signatures")
ROLES = ("signature", "seal", "office")  # office: the agency's box, no /Sig field


class FormDefError(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    id: str
    label: dict
    value: dict  # {"format": name, ...args}; a plain path is {"format": "path", "path": ...}
    source: str
    span: int = 1
    lines: int = 1


@dataclass(frozen=True)
class SigBox:
    name: str  # the /Sig field name
    role: str  # signature | seal | office
    label: dict
    source: str
    hint: dict | None = None
    width: float = 1.0  # share of the row
    date: bool = True


@dataclass(frozen=True)
class Block:
    kind: str
    title: dict | None = None
    columns: int = 2
    label_width: float = 32.0  # mm, fields blocks
    fields: tuple = ()
    paragraphs: tuple = ()
    numbered: bool = False
    boxes: tuple = ()
    height: float = 34.0  # mm, signatures blocks
    source: str = ""

    def rows(self) -> list[list[tuple[Field, int]]]:
        """The fields laid out in rows of `columns` columns: (field, span) pairs, the last
        field of each row widened to fill it. Both renderers (PDF and DOCX) use this."""
        rows, row, used = [], [], 0
        for f in self.fields:
            if used + f.span > self.columns:
                rows.append(row)
                row, used = [], 0
            row.append((f, f.span))
            used += f.span
        if row:
            rows.append(row)
        for row in rows:
            last, span = row[-1]
            row[-1] = (last, span + self.columns - sum(s for _, s in row))
        return rows


@dataclass(frozen=True)
class FormDef:
    id: str
    code: str
    version: int
    procedure: str
    title: dict
    subtitle: dict | None
    subject: dict
    source: str
    blocks: tuple = field(default_factory=tuple)

    @property
    def fields(self) -> list[Field]:
        return [f for b in self.blocks if b.kind == "fields" for f in b.fields]

    @property
    def sig_boxes(self) -> list[SigBox]:
        """Signature and seal boxes: each gets an empty /Sig field."""
        return [x for b in self.blocks if b.kind == "signatures" for x in b.boxes if x.role != "office"]


def _text(d, where: str, name: str, optional: bool = False) -> dict | None:
    if d is None and optional:
        return None
    if not isinstance(d, dict) or not all(isinstance(d.get(k), str) and d.get(k).strip() for k in ("zh", "en")):
        raise FormDefError(f"{where}: {name} must be a table with non-empty zh and en texts")
    return {"zh": d["zh"], "en": d["en"]}


def _value(raw, where: str) -> dict:
    from forms.fill.values import FORMATTERS, check_path

    if isinstance(raw, str):
        spec = {"format": "path", "path": raw} if "." in raw else {"format": raw}
    elif isinstance(raw, dict) and isinstance(raw.get("format"), str):
        spec = dict(raw)
    else:
        raise FormDefError(f"{where}: value must be a case path, a formatter name or {{ format = ... }}")
    if spec["format"] not in FORMATTERS:
        raise FormDefError(f"{where}: unknown formatter {spec['format']!r} (known: {', '.join(sorted(FORMATTERS))})")
    for key in ("path", "start", "end", "paths"):
        if key in spec and not check_path(spec[key]):
            raise FormDefError(f"{where}: {spec[key]!r} is not a field of the case schema")
    return spec


def parse(data: dict, name: str) -> FormDef:
    """Build and check a FormDef from the TOML data of file `name`."""
    form = data.get("form")
    if not isinstance(form, dict):
        raise FormDefError(f"{name}: no [form] table")
    for key in ("id", "code", "version", "procedure", "source"):
        if key not in form:
            raise FormDefError(f"{name}: [form] needs {key}")
    blocks, field_ids, sig_names = [], set(), set()
    for i, raw in enumerate(data.get("block", [])):
        where = f"{name}: block {i + 1}"
        kind = raw.get("kind")
        if kind not in BLOCK_KINDS:
            raise FormDefError(f"{where}: kind must be one of {', '.join(BLOCK_KINDS)}")
        title = _text(raw.get("title"), where, "title", optional=True)
        if kind == "fields":
            columns = int(raw.get("columns", 2))
            fields = []
            for j, f in enumerate(raw.get("field", [])):
                fw = f"{where}, field {f.get('id') or j + 1}"
                if not f.get("id") or f["id"] in field_ids:
                    raise FormDefError(f"{fw}: needs a unique id")
                if not str(f.get("source", "")).strip():
                    raise FormDefError(f"{fw}: needs a source (where the field comes from)")
                span = int(f.get("span", 1))
                if not 1 <= span <= columns:
                    raise FormDefError(f"{fw}: span {span} outside 1..{columns}")
                field_ids.add(f["id"])
                fields.append(Field(f["id"], _text(f.get("label"), fw, "label"), _value(f.get("value"), fw),
                                    f["source"], span, int(f.get("lines", 1))))
            if not fields:
                raise FormDefError(f"{where}: a fields block needs fields")
            blocks.append(Block(kind, title, columns, float(raw.get("label_width", 32.0)), tuple(fields)))
        elif kind == "text":
            paras = tuple(_text(p, where, "paragraph") for p in raw.get("paragraphs", []))
            if not paras or not str(raw.get("source", "")).strip():
                raise FormDefError(f"{where}: a text block needs paragraphs and a source")
            blocks.append(Block(kind, title, paragraphs=paras, numbered=bool(raw.get("numbered")),
                                source=raw["source"]))
        else:
            boxes = []
            for j, b in enumerate(raw.get("box", [])):
                bw = f"{where}, box {b.get('name') or j + 1}"
                nm = b.get("name", "")
                if not nm or not nm.replace("_", "").isalnum() or nm in sig_names:
                    raise FormDefError(f"{bw}: needs a unique name of letters, digits and _ (a PDF field name)")
                if b.get("role") not in ROLES:
                    raise FormDefError(f"{bw}: role must be one of {', '.join(ROLES)}")
                if not str(b.get("source", "")).strip():
                    raise FormDefError(f"{bw}: needs a source")
                sig_names.add(nm)
                boxes.append(SigBox(nm, b["role"], _text(b.get("label"), bw, "label"), b["source"],
                                    _text(b.get("hint"), bw, "hint", optional=True),
                                    float(b.get("width", 1.0)), bool(b.get("date", True))))
            if not boxes:
                raise FormDefError(f"{where}: a signatures block needs boxes")
            blocks.append(Block(kind, title, boxes=tuple(boxes), height=float(raw.get("height", 34.0))))
    if not any(x.role != "office" for b in blocks if b.kind == "signatures" for x in b.boxes):
        raise FormDefError(f"{name}: a form needs at least one signature or seal box")
    return FormDef(form["id"], form["code"], int(form["version"]), form["procedure"],
                   _text(form.get("title"), name, "title"), _text(form.get("subtitle"), name, "subtitle", True),
                   _text(form.get("subject"), name, "subject"), form["source"], tuple(blocks))


@cache
def load(form_id: str) -> FormDef:
    """The definition of `form_id` (one of FORM_IDS), validated."""
    if form_id not in FORM_IDS:
        raise FormDefError(f"unknown form {form_id!r}: one of {', '.join(FORM_IDS)}")
    path = resource("forms", f"{form_id}.toml")
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FormDefError(f"{path.name}: {exc}") from None
    fd = parse(data, path.name)
    if fd.id != form_id:
        raise FormDefError(f"{path.name}: [form] id is {fd.id!r}, the file name says {form_id!r}")
    return fd
