"""The submission pack: `build` assembles the cover (`cover`), the filled forms and the
attached scans (`scans`: images and PDFs made into pages) into one PDF with bookmarks and
page numbers. Imports `common`, `case`, `law`, `verdict` and `fill`."""
