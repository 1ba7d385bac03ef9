"""The case file: one person's one procedure, as plain JSON-shaped data.

Loading checks the JSON against the shipped JSON Schema (types and formats only: a
half-filled case is valid, and what is still missing is reported by the checks).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from forms.common.i18n import N_, bi

SCHEMA_VERSION = 1
MAX_CASE_BYTES = 4 << 20  # a case is a few kB; the limit keeps a hostile file out of memory


class CaseError(ValueError):
    """A case that cannot be used: missing file, invalid JSON, schema violation."""

    def __init__(self, message: dict, json_path: str | None = None):
        self.message = message  # bilingual
        self.json_path = json_path
        super().__init__(message["en"])


@cache
def schema() -> dict:
    import json

    with open(Path(__file__).parent / "case.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def field_schema(field: str) -> dict:
    """The JSON Schema of a dotted case field (its $ref resolved one level); {} if unknown."""
    root = schema()
    node = root
    for part in field.split("."):
        node = node.get("properties", {}).get(part, {})
        if "$ref" in node:
            node = {**root["$defs"][node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def check_values(case) -> None:
    """Raise CaseError at the first value no case can hold (forms.common.untrusted.json_problem)."""
    from forms.common.untrusted import json_path, json_problem

    found = json_problem(case)
    if found:
        where = json_path(found[0])
        raise CaseError(bi(N_("Invalid case at {path}: {problem}"), path=where, problem=found[1]), where)


def validate(case: dict) -> None:
    """Raise CaseError naming the JSON path of the first schema violation, or of the first
    value no case can hold (forms.common.untrusted.json_problem: deep nesting, NaN, control
    characters, lone surrogates, huge numbers)."""
    from forms.case.conforms import conforms

    check_values(case)
    if conforms(case, schema()):  # the common case, without importing jsonschema
        return

    from jsonschema import Draft202012Validator, FormatChecker

    from forms.common.untrusted import json_path as _json_path

    validator = Draft202012Validator(schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(case), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = errors[0]
        where = _json_path(err.absolute_path)
        raise CaseError(bi(N_("Invalid case at {path}: {problem}"), path=where, problem=_describe(err)), where)


def _describe(err) -> str:
    # jsonschema's own messages are English and can be long (they repeat the value).
    # Values are quoted as short excerpts: a hostile value may be megabytes long.
    from forms.common.untrusted import excerpt

    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return "additional properties are not allowed: " + ", ".join(excerpt(k) for k in extra[:3]) \
            + (f" and {len(extra) - 3} more" if len(extra) > 3 else "")
    if err.validator in ("enum", "const"):
        return f"{excerpt(err.instance)} is not one of {err.validator_value!r}"
    if err.validator in ("pattern", "format"):
        return f"{excerpt(err.instance)} is not a valid {err.validator_value if err.validator == 'format' else 'value'}"
    if err.validator == "required":
        return err.message[:200]
    if err.validator in ("type", "maxLength", "minLength", "maximum", "minimum", "maxItems"):
        return f"{excerpt(err.instance)}: {err.validator} {excerpt(err.validator_value)}"
    return err.message[:200]


def load_case(path: str | Path) -> dict:
    """Read and validate a case file. Raises CaseError with a one-line bilingual message."""
    from forms.common.untrusted import MAX_DEPTH, UnsafeFile, excerpt_path, json_loads, read_regular

    path = Path(path)
    shown = excerpt_path(str(path))
    try:
        raw = read_regular(path, MAX_CASE_BYTES)
    except FileNotFoundError:
        raise CaseError(bi(N_("Case file not found: {path}"), path=shown)) from None
    except IsADirectoryError:
        raise CaseError(bi(N_("Not a case file but a folder: {path}"), path=shown)) from None
    except UnsafeFile as exc:
        raise CaseError(exc.message) from None
    except OSError as exc:
        raise CaseError(bi(N_("Cannot read {path}: {problem}"), path=shown, problem=exc.strerror or str(exc))) from None
    import json  # here, not at the top: the app's start-up does not need it

    try:
        case = json_loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CaseError(bi(N_("{path} is not a text file: save the case as UTF-8 JSON."), path=shown)) from None
    except json.JSONDecodeError as exc:
        raise CaseError(bi(N_("{path} is not valid JSON: line {line}, column {column}: {problem}"),
                           path=shown, line=exc.lineno, column=exc.colno, problem=exc.msg)) from None
    except RecursionError:
        raise CaseError(bi(N_("Invalid case at {path}: {problem}"), path="$",
                           problem=bi(N_("nested more than {depth} levels deep"), depth=MAX_DEPTH)), "$") from None
    if not isinstance(case, dict):
        raise CaseError(bi(N_("Invalid case at {path}: {problem}"), path="$", problem="a case is a JSON object"), "$")
    check_values(case)  # before anything walks it: depth, NaN, control characters
    from forms.common.logs import remember_case
    remember_case(case)  # its personal values never reach a log line
    validate(case)
    case.setdefault("_base_dir", str(path.resolve().parent))
    return case


def get(case: dict, dotted: str, default=None):
    node = case
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node if node not in ("", None) else default


def date_of(case: dict, dotted: str) -> dt.date | None:
    value = get(case, dotted)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def base_dir(case: dict) -> Path:
    return Path(case.get("_base_dir") or ".")


def attachment_path(case: dict, attachment: dict) -> Path:
    p = Path(attachment["path"])
    return p if p.is_absolute() else base_dir(case) / p


def full_name(case: dict) -> str:
    return " ".join(x for x in (get(case, "person.surname"), get(case, "person.given_names")) if x)


def to_json(case: dict) -> str:
    """The case as it is saved: without the loader's private keys."""
    import json

    return json.dumps({k: v for k, v in case.items() if not k.startswith("_")}, ensure_ascii=False, indent=2)
