#!/bin/sh
# Full TCP scan (all 65535 ports) of a loopback address with a handful of
# listeners: fwaudit against `nmap -sT -p- -T4`, in the same run, in a
# private network namespace (only our listeners exist). Prints both times,
# the ratio and whether both found the same open ports.
set -u
FWAUDIT=${FWAUDIT:?}
if [ -z "${FWA_NETNS:-}" ]; then
	unshare -n true 2>/dev/null || { echo "skip: needs unshare -n (root)"; exit 0; }
	FWA_NETNS=1 exec unshare -n sh "$0" "$@"
fi
command -v nmap >/dev/null || { echo "skip: nmap missing (scripts/deps.sh bench)"; exit 0; }
ip link set lo up
T=$(mktemp -d)
ADDR=127.0.0.2
PORTS="22 80 443 1883 8080 31337 50000"
/usr/bin/python3 - "$ADDR" $PORTS >"$T/srv.log" 2>&1 <<'PY' &
import socket, sys, threading
addr, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
def serve(s):
    while True:
        c, _ = s.accept()
        try:    # a scanner that connects and closes at once resets us
            c.sendall(b"HTTP/1.0 200 OK\r\nServer: bench\r\n\r\n")
        except OSError:
            pass
        c.close()
for p in ports:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, p)); s.listen(128)
    threading.Thread(target=serve, args=(s,), daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
PY
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
i=0; until grep -q ready "$T/srv.log" 2>/dev/null || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done

now() { date +%s.%N; }
best_f=999 best_n=999
for run in 1 2 3; do
	t0=$(now)
	"$FWAUDIT" scan --host "$ADDR" --ports 1-65535 --facts-only -o "$T/f.json" || exit 1
	t1=$(now)
	nmap -sT -p- -T4 -n -Pn -oG "$T/n.txt" "$ADDR" >/dev/null || exit 1
	t2=$(now)
	best_f=$(echo "$t0 $t1 $best_f" | awk '{d=$2-$1; print (d<$3)?d:$3}')
	best_n=$(echo "$t1 $t2 $best_n" | awk '{d=$2-$1; print (d<$3)?d:$3}')
done
ours=$(/usr/bin/python3 -c "import json,sys; print(' '.join(str(p['port']) for p in json.load(open(sys.argv[1]))['facts']['net.open_ports']['value']))" "$T/f.json")
theirs=$(grep -o '[0-9]*/open' "$T/n.txt" | cut -d/ -f1 | sort -n | tr '\n' ' ' | sed 's/ $//')
printf 'full TCP scan of %s, 65535 ports, %s listeners (best of 3)\n' "$ADDR" "$(echo $PORTS | wc -w)"
printf '  fwaudit scan --ports 1-65535: %.2f s  open: %s\n' "$best_f" "$ours"
printf '  nmap -sT -p- -T4:             %.2f s  open: %s\n' "$best_n" "$theirs"
printf '  ratio nmap/fwaudit: %.1fx (target >= 2x)\n' "$(echo "$best_n $best_f" | awk '{print $1/$2}')"
[ "$ours" = "$theirs" ] || { echo "  DIFFERENT open ports"; exit 1; }
echo "  same open ports"
