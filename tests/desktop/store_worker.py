"""Run by test_two_writers.py as a separate process on a shared store: one JSON command a
line on stdin, one JSON answer a line on stdout (another window, or a `shebao` command).

    {"do": "load", "id": ...}                      -> {"ok": true, "version": n, "case": {...}}
    {"do": "set", "field": "person.surname", "value": ...}   (on the loaded case)
    {"do": "save"}                                 -> {"ok": true, "version": n} or
                                                      {"error": "conflict", "theirs": {...}, "version": n}
                                                      {"error": "removed"}
    {"do": "keep_mine", "version": n}              the conflict dialog's "keep mine"
    {"do": "increment", "id": ..., "times": n}     load, +1, save; on a conflict load again
    {"do": "delete" | "restore" | "remove", "id": ...}
    {"do": "purge"}                                as the app does on closing
    {"do": "import", "paths": [...]}               -> {"ok": true, "ids": [...]}
    {"do": "churn", "until": path}                 create and remove cases until `path` exists
    {"do": "quit"}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from forms.store import CaseStore, StoreError
from forms.store.conflicts import CaseRemoved, SaveConflict


def main(root: str) -> None:
    store = CaseStore(Path(root))
    case = None
    print(json.dumps({"ready": store.owner.token}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        do = cmd["do"]
        out: dict = {"ok": True}
        try:
            if do == "load":
                case = store.load(cmd["id"])
                out.update(version=case["_version"], case={k: v for k, v in case.items() if not k.startswith("_")})
            elif do == "set":  # a dotted field, as the app's fields set them
                *parents, last = cmd["field"].split(".")
                node = case
                for part in parents:
                    node = node.setdefault(part, {})
                node[last] = cmd["value"]
            elif do in ("save", "keep_mine"):
                if do == "keep_mine":
                    case["_version"] = cmd["version"]
                store.save(case)
                out.update(version=case["_version"])
            elif do == "increment":
                done = conflicts = 0
                while done < cmd["times"]:
                    case = store.load(cmd["id"])
                    case["counter"] = case.get("counter", 0) + 1
                    try:
                        store.save(case)
                        done += 1
                    except SaveConflict:
                        conflicts += 1
                out.update(conflicts=conflicts)
            elif do == "delete":
                store.delete(cmd["id"])
            elif do == "restore":
                store.restore(cmd["id"])
            elif do == "remove":
                out.update(store.remove_for_good(cmd["id"]))
            elif do == "purge":
                out.update(purged=store.purge_deleted())
            elif do == "import":
                from forms.store.archive import import_case
                out.update(ids=[import_case(store, Path(p), "copy")["id"] for p in cmd["paths"]])
            elif do == "churn":
                rounds = 0
                while not Path(cmd["until"]).exists():
                    made = store.create("registration", person={"surname": "CHURN"})
                    store.attach(made, "reg.passport", Path(cmd["scan"]))
                    store.save(made)
                    store.remove_for_good(made["id"])
                    rounds += 1
                out.update(rounds=rounds)
            elif do == "quit":
                break
        except SaveConflict as exc:
            theirs = {k: v for k, v in (exc.theirs or {}).items() if not k.startswith("_")}
            out = {"error": "conflict", "theirs": theirs if exc.theirs else None, "version": exc.version}
        except CaseRemoved:
            out = {"error": "removed"}
        except StoreError as exc:
            out = {"error": "store", "message": str(exc)}
        print(json.dumps(out), flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
