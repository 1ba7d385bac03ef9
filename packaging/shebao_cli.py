"""Entry point of the frozen `shebao` command line (PyInstaller runs this as __main__)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # inspection workers: see shebao_desk.py
    from forms.cli import main

    sys.exit(main())
