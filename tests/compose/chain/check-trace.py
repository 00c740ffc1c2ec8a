# check-trace.py FILE N: FILE is a Chrome trace-event JSON file (as Perfetto
# and chrome://tracing read it) with N named tracks (thread_name metadata,
# one tid each, the host's included) and at least one complete call event on
# each component's track.
import json
import sys

with open(sys.argv[1]) as f:
    trace = json.load(f)
events = trace["traceEvents"]
names = {e["tid"]: e["args"]["name"] for e in events if e.get("ph") == "M" and e["name"] == "thread_name"}
want = int(sys.argv[2])
if len(names) != want:
    sys.exit(f"expected {want} tracks, found {len(names)}: {names}")
calls = [e for e in events if e.get("ph") == "X"]
for tid, name in names.items():
    if tid != 0 and not any(e["tid"] == tid for e in calls):
        sys.exit(f"track {name} has no call")
for e in calls:
    for key in ("name", "ts", "dur", "pid", "tid", "args"):
        if key not in e:
            sys.exit(f"call event without {key}: {e}")
print(f"{len(names)} tracks, {len(calls)} calls")
