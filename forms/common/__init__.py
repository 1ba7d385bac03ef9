"""What every stage uses: translation (`i18n`: gettext catalogs, bilingual texts, Babel
formatting), where the shipped data and the user's data live (`paths`, `files`), and the
log that redacts personal numbers (`logs`). Imports nothing else of `forms`."""
