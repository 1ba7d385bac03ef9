"""Whether a case conforms to its JSON Schema, answered without jsonschema.

Importing jsonschema and building a Draft 2020-12 validator costs a `shebao` process
about as much as the rest of loading a case (issue 11: whole-process pack time). The case
schema uses a few keywords only; `conforms` applies exactly those, with jsonschema's
meaning (its keyword functions and type checker, 4.x), and answers None when the schema
holds a keyword it does not know. Only a True answer is trusted: for False or None the
caller asks jsonschema, which also words the error. tests/engine/test_case_file.py
compares both on mutated cases.
"""

from __future__ import annotations

import datetime as dt
import re

# annotations: no effect on validity
_IGNORED = {"$schema", "$id", "$defs", "title", "description", "examples", "default", "$comment"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # jsonschema's _RE_DATE


class _Unknown(Exception):
    """A keyword (or a $ref, or a format) this module does not apply."""


def conforms(instance, schema: dict) -> bool | None:
    """True if `instance` is valid against `schema`, False if not, None if the schema
    holds something this module does not apply (then ask jsonschema)."""
    try:
        return _valid(instance, schema, schema)
    except _Unknown:
        return None


def _is_type(value, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if kind == "number":
        return isinstance(value, (int, float))
    if kind == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    raise _Unknown(kind)


def _equal(one, two) -> bool:
    """jsonschema's `equal`: True and 1 differ, 1 and 1.0 do not."""
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return one is two
    return one == two


def _valid(value, schema, root) -> bool:
    if schema is True:
        return True
    if schema is False:
        return False
    if not isinstance(schema, dict):
        raise _Unknown(schema)
    for key, arg in schema.items():
        if key in _IGNORED:
            continue
        if key == "$ref":
            if not isinstance(arg, str) or not arg.startswith("#/$defs/") or "/" in arg[8:] or "~" in arg or "%" in arg:
                raise _Unknown(arg)
            target = root.get("$defs", {}).get(arg[8:])
            if target is None:
                raise _Unknown(arg)
            if not _valid(value, target, root):
                return False
        elif key == "type":
            kinds = [arg] if isinstance(arg, str) else arg
            if not any(_is_type(value, k) for k in kinds):
                return False
        elif key == "enum":
            if not any(_equal(each, value) for each in arg):
                return False
        elif key == "const":
            if not _equal(value, arg):
                return False
        elif key in ("minLength", "maxLength", "pattern", "format"):
            if isinstance(value, str) and not _string_ok(key, arg, value):
                return False
        elif key in ("minimum", "maximum"):
            if _is_type(value, "number") and (value < arg if key == "minimum" else value > arg):
                return False
        elif key in ("minItems", "maxItems", "items"):
            if isinstance(value, list) and not _array_ok(key, arg, value, root):
                return False
        elif key in ("properties", "additionalProperties", "required"):
            if isinstance(value, dict) and not _object_ok(key, arg, value, schema, root):
                return False
        else:
            raise _Unknown(key)
    return True


def _string_ok(key, arg, value: str) -> bool:
    if key == "minLength":
        return len(value) >= arg
    if key == "maxLength":
        return len(value) <= arg
    if key == "pattern":
        return re.search(arg, value) is not None
    if arg != "date":  # FormatChecker(): only the date format is applied here
        raise _Unknown(arg)
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _array_ok(key, arg, value: list, root) -> bool:
    if key == "minItems":
        return len(value) >= arg
    if key == "maxItems":
        return len(value) <= arg
    return all(_valid(item, arg, root) for item in value)


def _object_ok(key, arg, value: dict, schema, root) -> bool:
    if key == "required":
        return all(name in value for name in arg)
    if key == "properties":
        return all(_valid(value[name], sub, root) for name, sub in arg.items() if name in value)
    if "patternProperties" in schema:
        raise _Unknown("patternProperties")
    extras = [name for name in value if name not in schema.get("properties", {})]
    return all(_valid(value[name], arg, root) for name in extras)
