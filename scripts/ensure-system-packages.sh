#!/usr/bin/env bash
# The Debian packages the tests need, installed when one is missing: the three browser engines
# (Chromium, Firefox ESR, WebKitGTK's WebKitWebDriver + MiniBrowser), Xvfb (WebKitGTK needs a
# display) and Redis (the relay's shared store). `npm test` and `.ci/run` start with it.
# As root: `apt-get update` once, then one `apt-get install` of what is missing. Otherwise: names
# that one line and stops, so that nothing fails later for a reason buried in a browser's log.
# Set PIMMS_SKIP_SYSTEM_PACKAGES=1 where the engines are elsewhere (CHROMIUM_PATH, FIREFOX_PATH,
# WEBKIT_WEBDRIVER_PATH, MINIBROWSER_PATH).
set -euo pipefail

[ "${PIMMS_SKIP_SYSTEM_PACKAGES:-}" = 1 ] && exit 0

# package:what must exist once it is installed
NEEDED=(
  chromium:/usr/bin/chromium
  firefox-esr:/usr/bin/firefox-esr
  webkit2gtk-driver:/usr/bin/WebKitWebDriver
  xvfb:/usr/bin/xvfb-run
  redis-server:/usr/bin/redis-server
)

missing=()
for entry in "${NEEDED[@]}"; do
  [ -x "${entry#*:}" ] || missing+=("${entry%%:*}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "The tests need Debian packages that are not installed: ${missing[*]}. As root, run:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "Missing: ${missing[*]} (no apt-get here: install them, or see PIMMS_SKIP_SYSTEM_PACKAGES in $0)." >&2
  exit 1
fi
echo "Installing ${missing[*]} (apt-get)..." >&2
apt-get update
DEBIAN_FRONTEND=noninteractive $line
