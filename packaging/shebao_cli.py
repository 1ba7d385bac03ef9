"""Entry point of the frozen `shebao` command line (PyInstaller runs this as __main__)."""

import sys

from forms.cli import main

sys.exit(main())
