"""The law on a date. `ruleset` loads the dated rule data (resources/rules/) and
`ruleset.law_on(date)` resolves it once for a date: a `Law` keeps only the rows in force
that day and refuses a date the data does not cover. The rest of this package asks a `Law`:
`requirements` (the documents a case needs), `checks` (findings on the case data),
`deadlines`, `identifiers` (MRZ, PR card, credit code validators) and `findings` (the
finding type). Imports `forms.common` and `forms.case`; never `fill`, `pack` or Qt."""
