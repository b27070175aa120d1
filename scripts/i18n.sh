#!/usr/bin/env bash
# Regenerates the English catalogue from the Chinese msgids and compiles it.
# Both django.po and django.mo are committed: CI and production machines have no gettext.
# Existing translations are kept; new strings arrive untranslated (tests/test_i18n.py names them).
#   bash scripts/i18n.sh            extract, then compile
#   bash scripts/i18n.sh --compile  compile only (after editing django.po by hand)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v msgfmt >/dev/null || { echo "gettext is missing: apt-get install -y gettext" >&2; exit 1; }

# The settings want a data directory; keep the developer's own one untouched.
FAZHI_DATA_DIR="$(mktemp -d)"
export FAZHI_DATA_DIR DJANGO_SETTINGS_MODULE=fazhi.settings
trap 'rm -rf "$FAZHI_DATA_DIR"' EXIT

mkdir -p fazhi/locale

if [ "${1:-}" != "--compile" ]; then
    # This is `manage.py makemessages -l en --no-obsolete` with one more xgettext keyword:
    # some modules import gettext_lazy as _l, which xgettext does not know by default.
    # Only the fazhi package holds product strings; the rest of the repository is tooling.
    # No djangojs domain: no script has a JavaScript catalogue; they take their strings from the templates.
    python3 - <<'PY'
import django
from django.core.management import call_command
from django.core.management.commands import makemessages

django.setup()


class Command(makemessages.Command):
    xgettext_options = makemessages.Command.xgettext_options + ["--keyword=_l"]


call_command(
    Command(), locale=["en"], no_obsolete=True, no_wrap=True, verbosity=1,
    ignore_patterns=["node_modules/*", "tests/*", "bench/*", "docs/*", "scripts/*", "screenshots/*",
                     "*.egg-info/*", "build/*", "fazhi/*/static/vendor/*"],
)
PY
fi

python3 manage.py compilemessages -l en --ignore 'node_modules/*'

po=fazhi/locale/en/LC_MESSAGES/django.po
untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
# msgattrib repeats the header entry in any non-empty output.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
echo "$po: $untranslated untranslated, $fuzzy fuzzy"
