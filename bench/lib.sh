# Shared by the bench scripts (sourced): walltime N-run timing.

# min and median wall time (ms) of N runs of "$@" (N from the environment)
walltime() {
	/usr/bin/python3 - "$N" "$@" <<'PY'
import subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
ts = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ts.append((time.perf_counter() - t) * 1000)
ts.sort()
print("%.1f %.1f" % (ts[0], ts[len(ts) // 2]))
PY
}
