#!/usr/bin/env sh
# Install the unpacked bundle for the current user (no root): run it from the bundle folder.
#
#     ./install.sh            # -> ~/.local/opt/shebao-desk, menu entry, icons, ~/.local/bin links
#     ./install.sh --remove   # removes them again (your cases stay: see the README)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
opt="$HOME/.local/opt/shebao-desk"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor"
bin="$HOME/.local/bin"

if [ "${1:-}" = "--remove" ]; then
  rm -rf "$opt" "$apps/shebao-desk.desktop" "$bin/shebao-desk" "$bin/shebao"
  find "$icons" -name 'shebao-desk.*' -delete 2>/dev/null || true
  echo "Shebao Desk removed (cases and settings are kept in ~/.local/share/ShebaoDesk)."
  exit 0
fi

mkdir -p "$opt" "$apps" "$bin"
cp -a "$here/." "$opt/"
ln -sf "$opt/shebao-desk" "$bin/shebao-desk"
ln -sf "$opt/shebao" "$bin/shebao"
sed "s|^Exec=shebao-desk|Exec=$opt/shebao-desk|; s|^TryExec=.*|TryExec=$opt/shebao-desk|" \
  "$here/shebao-desk.desktop" > "$apps/shebao-desk.desktop"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$icons/${size}x${size}/apps"
  cp "$here/icons/shebao-desk-$size.png" "$icons/${size}x${size}/apps/shebao-desk.png"
done
mkdir -p "$icons/scalable/apps"
cp "$here/icons/shebao-desk.svg" "$icons/scalable/apps/shebao-desk.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" || true
echo "Shebao Desk installed in $opt; start it from the menu or with: shebao-desk"
