#!/usr/bin/env bash
# virtnet demo, as root on a Debian machine: builds an emulated Kubernetes node, a launcher pod
# (eth0 = veth into the node bridge, MTU 1450, resolv.conf with search domains) and a VM stand-in,
# runs phase 1 (`virtnet handler setup`) and phase 2 (`virtnet launcher run`, as uid 107) as
# separate processes, lets busybox udhcpc in the VM netns take its lease, pings a host beyond the
# node, prints what was built, and removes everything it made.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ip >/dev/null || need+=(iproute2)
command -v udhcpc >/dev/null || need+=(udhcpc)
command -v ping >/dev/null || need+=(iputils-ping)
command -v setpriv >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi
[ -d node_modules ] || npm ci
[ -f dist/src/cli/main.js ] || npm run build

id=$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')
node_ns="demo${id}n" pod_ns="demo${id}p" vm_ns="demo${id}v" remote_ns="demo${id}r"
work=$(mktemp -d /tmp/virtnet-demo.XXXXXX)
chmod 755 "$work"
launcher_pid="" sleeper_pid=""
cleanup() {
  set +e
  [ -n "$launcher_pid" ] && kill "$launcher_pid" 2>/dev/null && wait "$launcher_pid" 2>/dev/null
  [ -n "$sleeper_pid" ] && kill "$sleeper_pid" 2>/dev/null
  for ns in "$vm_ns" "$pod_ns" "$remote_ns" "$node_ns"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$work" "/etc/netns/$pod_ns"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "emulated node, launcher pod (10.244.7.23/24, MTU 1450) and a remote host (198.18.0.2)"
for ns in "$node_ns" "$pod_ns" "$vm_ns" "$remote_ns"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$node_ns" link add cni0 type bridge
ip -n "$node_ns" addr add 10.244.7.1/24 dev cni0
ip -n "$node_ns" link set cni0 mtu 1450 up
ip -n "$node_ns" link add vethpod mtu 1450 type veth peer name eth0 mtu 1450 netns "$pod_ns"
ip -n "$node_ns" link set vethpod master cni0 up
ip -n "$pod_ns" addr add 10.244.7.23/24 dev eth0
ip -n "$pod_ns" link set eth0 up
ip -n "$pod_ns" route add default via 10.244.7.1
ip -n "$node_ns" link add eth1 type veth peer name eth0 netns "$remote_ns"
ip -n "$node_ns" addr add 198.18.0.1/24 dev eth1
ip -n "$node_ns" link set eth1 up
ip -n "$remote_ns" addr add 198.18.0.2/24 dev eth0
ip -n "$remote_ns" link set eth0 up
ip -n "$remote_ns" route add default via 198.18.0.1
ip netns exec "$node_ns" sysctl -qw net.ipv4.ip_forward=1
mkdir -p "/etc/netns/$pod_ns"
printf 'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n' >"/etc/netns/$pod_ns/resolv.conf"
ip netns exec "$pod_ns" sleep infinity &
sleeper_pid=$!
sleep 0.2
launcher_pod_pid=$(pgrep -P "$sleeper_pid" || echo "$sleeper_pid")

cp examples/vmi-bridge.yaml "$work/vmi.yaml"
mkdir -m 755 "$work/cache"
touch "$work/devices.xml" && chown 107:107 "$work/devices.xml"

step "phase 1: virtnet handler setup --vmi vmi.yaml --launcher-pid $launcher_pod_pid"
node dist/src/cli/main.js handler setup --vmi "$work/vmi.yaml" --launcher-pid "$launcher_pod_pid" --cache-dir "$work/cache"

step "the launcher pod now"
ip -n "$pod_ns" -br link show
ip -n "$pod_ns" -br addr show

step "phase 2: virtnet launcher run (uid 107, only CAP_NET_BIND_SERVICE)"
ip netns exec "$pod_ns" setpriv --reuid=107 --regid=107 --clear-groups \
  --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service \
  node dist/src/cli/main.js launcher run --vmi "$work/vmi.yaml" --cache-dir "$work/cache" \
  --resolv-conf "/etc/netns/$pod_ns/resolv.conf" --domain-xml-out "$work/devices.xml" 2>"$work/launcher.log" &
launcher_pid=$!
for _ in $(seq 100); do grep -q '"launcher ready"' "$work/launcher.log" && break; sleep 0.1; done
cat "$work/devices.xml"

step "the VM (MAC 02:53:00:00:00:01 on k6t-eth0) asks for a lease with busybox udhcpc"
ip -n "$vm_ns" link add eth0 address 02:53:00:00:00:01 mtu 1450 type veth peer name vmnic0 mtu 1450 netns "$pod_ns"
ip -n "$vm_ns" link set eth0 up
ip -n "$pod_ns" link set vmnic0 master k6t-eth0 up
cat >"$work/udhcpc.sh" <<'HOOK'
#!/bin/sh
[ "$1" = bound ] || exit 0
echo "lease: ip=$ip/$mask router=$router dns=$dns mtu=$mtu search=\"$search\" hostname=$hostname routes=\"$staticroutes\" server=$serverid"
ip addr add "$ip/$mask" dev "$interface"
ip link set "$interface" mtu "$mtu"
ip route add default via "$router" dev "$interface"
HOOK
chmod +x "$work/udhcpc.sh"
ip netns exec "$vm_ns" udhcpc -f -q -n -t 5 -i eth0 -s "$work/udhcpc.sh" -O search -O mtu -O staticroutes -O hostname 2>/dev/null

step "the VM reaches the remote host beyond the node"
ip netns exec "$vm_ns" ping -c 2 -W 1 198.18.0.2

step "done; removing everything"
