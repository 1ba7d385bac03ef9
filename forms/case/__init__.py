"""The case: what one person's paperwork is about. `model` loads, validates (against
`case.schema.json`) and reads a case dict; `fields` names its fields in both languages;
`countries` the nationalities. Plain data, no rules: imports only `forms.common`."""
