"""A batch driver run as its own process by the fault tests (not collected by pytest).

Usage: ``python driver.py SPEC.json``. The spec names the tables, the output folder and the
scheduler, and optionally a fault to bring about from inside the run (through the progress
callback, so that it lands mid-run at a known point):

* ``"sigint_after": k`` -- send SIGINT to this process once ``k`` units are done;
* ``"sigint_group": true`` -- send it to the whole process group instead (Ctrl-C in a
  terminal: the workers get it too);
* ``"kill_after": k, "kill_pid": PID`` -- SIGKILL another process (a Dask scheduler);
* ``"fsize": BYTES`` -- a file-size limit with SIGXFSZ ignored, so that writes past it fail
  with EFBIG as on a full disk (workers inherit both).

It prints one JSON line: the report (done, skipped, failed) or the error (type, message).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys


def main(spec_path: str) -> int:
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    if spec.get("fsize"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (spec["fsize"], spec["fsize"]))
    from interlabor.batch import DemandScenario, run_batch
    from interlabor.errors import InterlaborError

    fired = []

    def progress(ev) -> None:
        if fired or ev.done is None:
            return
        if spec.get("sigint_after") is not None and ev.done >= spec["sigint_after"]:
            fired.append(1)
            if spec.get("sigint_group"):
                os.killpg(os.getpgid(0), signal.SIGINT)
            else:
                os.kill(os.getpid(), signal.SIGINT)
        if spec.get("kill_after") is not None and ev.done >= spec["kill_after"]:
            fired.append(1)
            os.kill(spec["kill_pid"], signal.SIGKILL)

    scenarios = [DemandScenario(s["name"], s.get("final_demand_scale", {}))
                 for s in spec["scenarios"]]
    try:
        report = run_batch(spec["tables"], account="hours", out=spec["out"],
                           scenarios=scenarios, scheduler=spec["scheduler"],
                           workers=spec.get("workers"), address=spec.get("address"),
                           cache_dir=spec.get("cache_dir"), progress=progress)
    except KeyboardInterrupt:
        print(json.dumps({"error": "KeyboardInterrupt"}), flush=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - reported to the test
        print(json.dumps({"error": type(exc).__name__, "message": str(exc),
                          "interlabor": isinstance(exc, InterlaborError)}),
              flush=True)
        return 1
    print(json.dumps({"done": report.done, "skipped": report.skipped,
                      "failed": report.failed}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
