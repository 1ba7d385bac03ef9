"""Where cases live on this PC: a SQLite case store and a content-addressed attachment
store in the user data directory, and the `.shebao` file that carries one case between PCs.

Qt-free, like all of forms/: the desktop app, the CLI and the tests use the same code, and
the no-Qt rule for forms/ keeps it that way.
"""

from forms.common.files import StoreError, data_dir
from forms.store.blobs import BlobStore
from forms.store.cases import CaseRow, CaseStore

__all__ = ["BlobStore", "CaseRow", "CaseStore", "StoreError", "data_dir"]
