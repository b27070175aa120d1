"""Every environment variable the product reads is read in settings.py and listed in the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r"""(?:environ\.get|environ\[|getenv|_env_bool|_env_int)\(?\s*["'](FAZHI_\w+|DATABASE_URL)["']""")


def test_settings_reads_every_variable_and_the_readme_lists_it():
    settings_vars = set(READ.findall((ROOT / "fazhi" / "settings.py").read_text(encoding="utf-8")))
    assert {"FAZHI_SECRET_KEY", "FAZHI_FIELD_KEY", "FAZHI_TRUSTED_PROXIES", "FAZHI_PORTAL_SUBMIT_LIMIT"} <= settings_vars
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = {m for m in re.findall(r"^\| `([A-Z_]+)`", readme, re.M)} | set(re.findall(r"`(FAZHI_\w+)`", readme))
    assert settings_vars - table == set()
    # Nothing else in the product reads the environment (the command line only sets variables before the settings load).
    elsewhere = {str(p.relative_to(ROOT)): READ.findall(p.read_text(encoding="utf-8"))
                 for p in (ROOT / "fazhi").rglob("*.py") if p.name != "settings.py"}
    assert {k: v for k, v in elsewhere.items() if set(v) - {"FAZHI_ALLOWED_HOSTS"}} == {}
