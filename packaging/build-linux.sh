#!/usr/bin/env bash
# Build the Linux bundle from a clean clone, in one command:
#
#     packaging/build-linux.sh
#
# Makes its own virtual environment (build/venv-bundle), installs the project, PyInstaller
# and PySide6-Addons (QtPdf, for the pack preview; same version as PySide6-Essentials),
# builds dist/shebao-desk/ (the programs shebao-desk and shebao in one folder, with
# their libraries and data in _internal/), runs the bundle's self-test, and packs
# dist/shebao-desk-<version>-linux-x86_64.tar.gz. PYTHON picks the interpreter (>= 3.11).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=build/venv-bundle
start=$(date +%s)

rm -rf "$VENV" build/pyinstaller dist/shebao-desk
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q . "pyinstaller==6.22.3" "pyinstaller-hooks-contrib>=2026.9"
essentials=$("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('PySide6-Essentials'))")
"$VENV/bin/pip" install -q "PySide6-Addons==$essentials"

"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/shebao-desk.spec

# every library the bundle holds must find what it links to, inside the bundle or on any
# Linux desktop: a system library missing on this machine (e.g. libxcb-icccm4 for the xcb
# platform plugin) is not bundled, and the app would then fail to start on a PC without it
missing=$(cd dist/shebao-desk/_internal && find . -name '*.so*' -type f -print0 \
  | LD_LIBRARY_PATH=$PWD xargs -0 -n 20 ldd 2>/dev/null | grep 'not found' | sort -u || true)
if [ -n "$missing" ]; then
  echo "Libraries the bundle needs are missing on this machine (install them, then build again):" >&2
  echo "$missing" >&2
  echo "Debian/Ubuntu: apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libwayland-client0 libwayland-cursor0 libwayland-egl1" >&2
  exit 1
fi

# desktop integration beside the programs: packaging/linux/install.sh uses them
cp packaging/linux/shebao-desk.desktop packaging/linux/install.sh dist/shebao-desk/
mkdir -p dist/shebao-desk/icons
cp resources/icons/shebao-desk.svg resources/icons/shebao-desk-*.png dist/shebao-desk/icons/

QT_QPA_PLATFORM=offscreen dist/shebao-desk/shebao-desk --self-test
dist/shebao-desk/shebao --version

version=$("$VENV/bin/python" -c "import forms; print(forms.__version__)")
tar -czf "dist/shebao-desk-$version-linux-x86_64.tar.gz" -C dist shebao-desk
echo "dist/shebao-desk: $(du -sh dist/shebao-desk | cut -f1) unpacked," \
     "dist/shebao-desk-$version-linux-x86_64.tar.gz: $(du -h "dist/shebao-desk-$version-linux-x86_64.tar.gz" | cut -f1)," \
     "built in $(( $(date +%s) - start )) s"
