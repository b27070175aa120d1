"""The users of the loopback load test (bench/load.py): offices at the root and at a county,
leaders and liaisons, each with the pages and API calls of their role, signed in by a session
prepared beforehand (FAZHI_LOAD_SESSIONS: a JSON file of {"role", "cookie", "unit"}).

Run by `fazhi bench --load`, not by hand: it starts the server and prepares the sessions.

The users are locust's FastHttpUser: the load runs on the same cores as the server it measures,
and FastHttpUser's client costs less than half the CPU per request of the requests-based HttpUser
(1.5 ms against 3.4 ms on two cores, measured from the processes' CPU time).
"""

from __future__ import annotations

import json
import os
import random

from locust import FastHttpUser, between, task

_SESSIONS = json.load(open(os.environ["FAZHI_LOAD_SESSIONS"], encoding="utf-8"))
_WAIT = [float(x) for x in os.environ.get("FAZHI_LOAD_WAIT", "1,5").split(",")]
_COOKIE = os.environ.get("FAZHI_LOAD_COOKIE", "sessionid")


class _Signed(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(*_WAIT)

    def on_start(self):
        mine = [s for s in _SESSIONS if s["role"] == self.role]
        self.session = random.choice(mine)
        self.headers = {"Cookie": f"{_COOKIE}={self.session['cookie']}"}
        self.unit = self.session["unit"]
        self.county = self.session.get("county") or self.unit

    def get(self, url: str, name: str | None = None):
        with self.client.get(url, name=name or url, headers=self.headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")


class RootOffice(_Signed):
    role = "root_office"
    weight = 1

    @task(3)
    def dashboard(self):
        self.get("/")

    @task(2)
    def assignments_of_a_county(self):
        self.get(f"/campaigns/assignments/?unit={self.county}", "/campaigns/assignments/?unit=[county]")

    @task(2)
    def red_assignments(self):
        self.get(f"/campaigns/assignments/?unit={self.county}&colour=red", "/campaigns/assignments/?colour=red")

    @task
    def ledger(self):
        self.get(f"/ledger/?unit={self.county}", "/ledger/?unit=[county]")

    @task
    def intake(self):
        self.get("/intake/")

    @task
    def audit(self):
        self.get("/audit/")

    @task(2)
    def api(self):
        self.get(random.choice(["/api/assignments/", "/api/problems/", "/api/submissions/"]), "/api/[list]/")


class CountyOffice(_Signed):
    role = "county_office"
    weight = 3

    @task(3)
    def dashboard(self):
        self.get("/")

    @task(3)
    def assignments(self):
        self.get("/campaigns/assignments/")

    @task
    def ledger(self):
        self.get("/ledger/")

    @task(2)
    def api(self):
        self.get(random.choice(["/api/assignments/", "/api/problems/"]), "/api/[list]/")


class Leader(_Signed):
    role = "leader"
    weight = 1

    @task
    def dashboard(self):
        self.get("/")


class Liaison(_Signed):
    role = "liaison"
    weight = 5

    @task(3)
    def my_work(self):
        self.get("/campaigns/mine/")

    @task(2)
    def dashboard(self):
        self.get("/")

    @task(2)
    def api(self):
        self.get("/api/assignments/", "/api/[list]/")
