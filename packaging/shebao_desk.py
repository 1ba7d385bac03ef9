"""Entry point of the frozen `shebao-desk` (PyInstaller runs this as __main__)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # the scan inspection reads files in spawned worker processes: in a frozen program a
    # worker starts this executable again, and freeze_support() turns it into the worker
    multiprocessing.freeze_support()
    from desktop.app import main

    sys.exit(main())
