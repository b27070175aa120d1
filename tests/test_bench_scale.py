"""`fazhi bench --check` holds its time targets scaled by the machine's slowness, measured before
each measurement (bench/run.py)."""

from bench import run


def test_time_targets_follow_the_machine_and_ratios_do_not(monkeypatch):
    def results(scale):
        return (run.Result("campaign page", product_s=0.150, raw_s=0.002, ratio=75.0, queries=16, bytes=1000, scale=scale),
                run.Result("ledger list", product_s=0.500, raw_s=0.100, ratio=5.0, queries=8, bytes=1000, scale=scale),
                run.Result("ledger Excel export", product_s=30.0, raw_s=0.01, ratio=None, queries=5, bytes=0, max_s=20.0,
                           scale=scale))

    monkeypatch.setattr(run, "loop_s", lambda: run.REFERENCE_LOOP_S / 2)  # quicker than the reference
    assert run.machine_scale() == 1.0  # never tightened
    page, ratio, export = results(run.machine_scale())
    assert page.missed() and ratio.missed() and export.missed()

    monkeypatch.setattr(run, "loop_s", lambda: run.REFERENCE_LOOP_S * 1.6)  # a slow hour
    assert run.machine_scale() == 1.6
    page, ratio, export = results(run.machine_scale())
    assert not page.missed()  # 150 ms against 100 ms × 1.6
    assert not export.missed()  # 30 s against 20 s × 1.6
    assert ratio.missed()  # 5 times the raw SQL, measured at the same moment: no scale
