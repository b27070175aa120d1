"""Production refuses to start without its secrets; the reporter key is its own and rotatable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from fazhi import cli
from fazhi.intake import crypto

ROOT = Path(__file__).resolve().parents[2]


def _run(code_or_args, tmp_path, **env_over):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "FAZHI_", "DJANGO_"))}
    env["FAZHI_DATA_DIR"] = str(tmp_path)
    env.update(env_over)
    args = [sys.executable, *code_or_args]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_wsgi_application_refuses_to_start_without_the_secrets(tmp_path):
    # gunicorn, `fazhi serve` and `runserver` all load this module.
    r = _run(["-c", "import fazhi.wsgi"], tmp_path)
    assert r.returncode != 0
    assert "ImproperlyConfigured" in r.stderr and "FAZHI_SECRET_KEY" in r.stderr and "FAZHI_FIELD_KEY" in r.stderr
    r = _run(["-c", "import fazhi.wsgi"], tmp_path, FAZHI_SECRET_KEY="s" * 60)
    assert r.returncode != 0 and "FAZHI_FIELD_KEY" in r.stderr and "FAZHI_SECRET_KEY" not in r.stderr
    ok = _run(["-c", "import fazhi.wsgi"], tmp_path, FAZHI_SECRET_KEY="s" * 60, FAZHI_FIELD_KEY=Fernet.generate_key().decode())
    assert ok.returncode == 0, ok.stderr
    assert _run(["-c", "import fazhi.wsgi"], tmp_path, FAZHI_DEBUG="1").returncode == 0  # development


@pytest.mark.heavy
def test_check_deploy_reports_missing_secrets(tmp_path):
    r = _run(["manage.py", "check", "--deploy"], tmp_path)
    assert r.returncode != 0
    assert "fazhi.E001" in r.stderr and "fazhi.E002" in r.stderr and "FAZHI_SECRET_KEY" in r.stderr
    ok = _run(["manage.py", "check", "--deploy", "--fail-level", "ERROR"], tmp_path, FAZHI_SECRET_KEY="k" * 10 + "-x9!Qz" * 10,
              FAZHI_FIELD_KEY=Fernet.generate_key().decode(), FAZHI_HTTPS="1")
    assert ok.returncode == 0 and "fazhi.E00" not in ok.stderr, ok.stderr
    bad = _run(["manage.py", "check"], tmp_path, FAZHI_FIELD_KEY="not-a-key")
    assert bad.returncode != 0 and "fazhi.E003" in bad.stderr


def test_field_key_rotation_old_keys_still_decrypt(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FAZHI_FIELD_KEYS = [old]
    token = crypto.encrypt("张三")
    assert Fernet(old.encode()).decrypt(token.encode()).decode() == "张三"
    settings.FAZHI_FIELD_KEYS = [new, old]  # rotated: the new key encrypts, the old one still reads
    assert crypto.decrypt(token) == "张三"
    assert Fernet(new.encode()).decrypt(crypto.encrypt("李四").encode()).decode() == "李四"
    settings.FAZHI_FIELD_KEYS = [new]
    assert crypto.decrypt(token) == ""  # without the old key the row is unreadable, the inbox still works


def test_field_key_is_not_derived_from_the_secret_key(settings):
    settings.FAZHI_FIELD_KEYS = []
    settings.FAZHI_SECRET_KEY_SET = False
    settings.SECRET_KEY = "one-secret-key-" * 4
    token = crypto.encrypt("张三")
    settings.SECRET_KEY = "another-secret-key-" * 4
    assert crypto.decrypt(token) == "张三"  # the development key is fixed, whatever the secret key
    settings.FAZHI_SECRET_KEY_SET = True  # a deployment must name its field key
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("张三")


def test_demo_sets_demo_keys_of_its_own():
    assert Fernet(cli.DEMO_FIELD_KEY.encode())
    assert cli.DEMO_FIELD_KEY != crypto.DEVELOPMENT_FIELD_KEY
