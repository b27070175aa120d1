"""The portal's proof of work: good once, wrong answers limited per address; the browser's
SHA-256 agrees with Python's; the server's access log holds no client address."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from fazhi import cli
from fazhi.intake import messages as m
from fazhi.intake import proof

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
A, B = "203.0.113.9", "198.51.100.7"


def _codes(fn):
    with pytest.raises(ValidationError) as exc:
        fn()
    return exc.value.messages[0]


def test_a_proof_is_good_once_and_must_be_real(settings):
    settings.FAZHI_PORTAL_PROOF_BITS = 12
    issued = proof.issue()
    answer = proof.solve(issued["challenge"], issued["difficulty"])
    assert proof.leading_zero_bits(proof._digest(issued["challenge"], answer)) >= 12
    proof.verify(issued["challenge"], answer, address=A)
    assert _codes(lambda: proof.verify(issued["challenge"], answer, address=A)) == str(m.PROOF_EXPIRED)
    fresh = proof.issue()["challenge"]
    wrong = next(str(n) for n in range(10**6) if proof.leading_zero_bits(proof._digest(fresh, str(n))) < 12)
    assert _codes(lambda: proof.verify(fresh, wrong, address=A)) == str(m.PROOF_WRONG)
    assert _codes(lambda: proof.verify(fresh, "", address=A)) == str(m.PROOF_MISSING)
    assert _codes(lambda: proof.verify("forged:token", "1", address=A)) == str(m.PROOF_EXPIRED)


def test_wrong_answers_are_limited_per_address(settings):
    settings.FAZHI_PORTAL_PROOF_BITS = 8
    settings.FAZHI_PORTAL_PROOF_WRONG_LIMIT = 3
    for _ in range(3):
        _codes(lambda: proof.verify("forged", "1", address=A))
    issued = proof.issue()
    answer = proof.solve(issued["challenge"], 8)
    # Past the limit even a right answer is refused at that address, with the wait in minutes ...
    assert _codes(lambda: proof.verify(issued["challenge"], answer, address=A)) == str(m.PROOF_TOO_MANY).format(minutes=10)
    # ... and taken from another.
    proof.verify(issued["challenge"], answer, address=B)


def test_the_browser_script_finds_what_the_server_accepts(settings):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not installed")
    settings.FAZHI_PORTAL_PROOF_BITS = 10
    challenge = proof.issue()["challenge"]
    # proof.js run as in a page: a minimal document with the form, then the answer it filled in.
    harness = """
    const fs = require("fs");
    const fields = {proof_challenge: {value: %s}, proof_answer: {value: ""}};
    const form = {querySelector: (s) => s.includes("challenge") ? fields.proof_challenge : s.includes("answer") ? fields.proof_answer : null,
                  addEventListener: () => {}};
    global.document = {getElementById: (id) => id === "proof" ? {closest: () => form, getAttribute: () => "10"} : null};
    global.setTimeout = (f) => f();
    eval(fs.readFileSync(%s, "utf8"));
    process.stdout.write(fields.proof_answer.value);
    """ % (json.dumps(challenge), json.dumps(str(ROOT / "fazhi/intake/static/intake/proof.js")))
    answer = subprocess.run([node, "-e", harness], capture_output=True, text=True, timeout=60, check=True).stdout
    assert answer.isdigit()
    proof.verify(challenge, answer, address=A)


def test_access_log_has_no_client_address():
    assert "%(h)s" not in cli.ACCESS_LOG_FORMAT
    atoms = {key: "x" for key in "lutrsbfa"} | {"h": A}
    line = cli.ACCESS_LOG_FORMAT % atoms
    assert A not in line and line.startswith("- ")
