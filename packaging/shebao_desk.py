"""Entry point of the frozen `shebao-desk` (PyInstaller runs this as __main__)."""

import sys

from desktop.app import main

sys.exit(main())
