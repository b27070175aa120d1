"""One permission suite for every model: every actor × target × (page, API) × (read, write).

The world (`common.make_world`): 晋城市 (the city) with two counties, 泽州县 and 高平市, each
with a hospital; 长治市, another city, with 长治县 and its hospital. Every role is held on 晋城市,
but the liaison's on 泽州县; "county office" holds the office role on 泽州县; "no grant" has an
account and no role; "anonymous" is not signed in. Targets: "own" (泽州县's hospital),
"sibling" (高平市's hospital), "foreign" (长治县's hospital).

Outcomes (`common.OK` …): OK — allowed, and a write is in the database; DENIED — 403,
nothing written; HIDDEN — 404 (absent from the lists too; a create that names a unit or
object the caller cannot see answers 404 as well), nothing written; INVALID — 400 with a
message, nothing written (only as a stated deviation); NOT_ALLOWED — 405, the method does
not exist (a read-only resource), nothing written; LOGIN — the login page for pages,
401/403 for the API, nothing written.

How an app joins
----------------
Add one module, `tests/permissions/test_<app>.py`:

    from tests.permissions.common import (Resource, api_create, api_read, check_case, page_read,  # noqa: F401
                                          perm_world, permission_cases)

    RESOURCES = [
        Resource("lessons", make=lambda w, unit: Lesson.objects.create(unit=unit, title="…"),
                 probes=[page_read("learning:lesson"), api_read("lessons"),
                         api_create("lessons", lambda w, unit: {"unit": unit.pk, "title": "新课"},
                                    written=lambda w, unit: Lesson.objects.filter(unit=unit, title="新课").exists())],
                 writers={Role.OFFICE}),
    ]
    CASES = permission_cases(RESOURCES)

    @pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
    def test_permissions(perm_world, case):
        check_case(perm_world, case)

`make(world, target)` builds the object that belongs to the target's hospital,
`world.hospitals[target]` (`world.makers[target]` is an office over it, to call the services
with); it runs once per module, in a transaction rolled back after the module. Probes:
`page_read`, `page_list`, `api_read`, `api_create`, `api_action`, `page_post`, or a `Probe`
of your own. `readers` and `writers` are the roles
that read and write in their subtree (readers default to every role, writers to the office);
`gate` (optional) names the only roles let into the resource at all: anyone else meets 403
on every probe (the audit log is the office's). `deviations` names the cells where a channel differs from that policy, each with its reason.
`tests/permissions/test_registry.py` finds every module here and lists (REQUIRED) the
resources that must appear in one: add yours there.
"""
