# shellcheck shell=bash
# hack/lib/real-nodes-net.sh -- the network of the local real nodes (sourced by
# hack/lib/real-nodes.sh).
#
#   host netns                 LAN netns (holder real-nodes-lan)       node netns (real-node-i)
#   sip-<cid>-h  <-- veth -->  host ┐                                  eth0 <NODE_IP>/28
#   <LAN_HOST_IP>/28                 ├ br0 (the "LAN")  <-- veth -->    cni0 <pod CIDR>.1 (CNI bridge)
#   HAProxy: LAN_HOST_IP:API   node-i┘                                  routes: other nodes' pod
#     -> 127.0.0.1:API                                                   CIDRs via their NODE_IP
#                                                                      kube-proxy's chains: Service
#                                                                      IPs DNATed to pods or to
#                                                                      LAN_HOST_IP:API (real-nodes-
#                                                                      services.sh); no new route
#
# The LAN is a /28 of 198.51.100.0/24 (TEST-NET-2, documentation range) no other host route
# overlaps; the pod CIDRs (10.245.<i>.0/24) live only inside the node namespaces: the host
# has no route to them, the nodes have no default route, so nothing leaves the machine. The
# host keeps one link (its veth end, IPv6 off, strict reverse-path filter); the bridge and the
# nodes' links vanish with their namespaces. Pods reaching beyond the pod network (the API
# server on the LAN) are masqueraded to their node's address; pod-to-pod traffic is not.
# Uses: RN_CID, RN_LAN_HOST_IP, RN_LAN_PREFIX, RN_POD_CIDR, node_ip, node_pod_cidr,
# proc_pid, log, die.

RN_LAN_POOL=198.51.100 # the /24 whose /28 blocks the LAN is picked from

# ip4_int A.B.C.D: the address as an integer.
ip4_int() {
  local IFS=. a b c d
  read -r a b c d <<<"$1"
  echo $(((a << 24) | (b << 16) | (c << 8) | d))
}

# pick_lan_subnet: the first /28 block of RN_LAN_POOL (skipping .0/28) that overlaps no
# address or route of the host; sets RN_LAN_BASE (the block's first address).
pick_lan_subnet() {
  local used block lo hi net len n start end
  used="$( (ip -4 -o addr show; ip -4 route show table all) 2>/dev/null |
    grep -oE '([0-9]+\.){3}[0-9]+(/[0-9]+)?' || true)"
  for ((block = 16; block < 256; block += 16)); do
    lo=$(ip4_int "${RN_LAN_POOL}.${block}")
    hi=$((lo + 15))
    local clash=0
    while read -r net; do
      [[ -n "$net" ]] || continue
      len="${net#*/}"; [[ "$net" == */* ]] || len=32
      n=$(ip4_int "${net%/*}")
      start=$((n & ~((1 << (32 - len)) - 1) & 0xffffffff))
      end=$((start + (1 << (32 - len)) - 1))
      ((len == 0)) && continue # the default route overlaps everything; it is not a clash
      if ((start <= hi && end >= lo)); then clash=1; break; fi
    done <<<"$used"
    if ((!clash)); then
      RN_LAN_BASE="${RN_LAN_POOL}.${block}"
      return 0
    fi
  done
  die "no free /28 left in ${RN_LAN_POOL}.0/24 for the real nodes' LAN (host routes: $(ip -4 route | tr '\n' ';'))"
}

# lan_addr N: the N-th address of the LAN block (1 = the host, 1+i = node i).
lan_addr() { echo "${RN_LAN_POOL}.$((${RN_LAN_BASE##*.} + $1))"; }

in_netns() { local pid="$1"; shift; nsenter --target "$pid" --net -- "$@"; }

# net_lan_up: the host's veth end and the LAN bridge inside the LAN netns.
net_lan_up() {
  local lan host_if="sip-${RN_CID}-h"
  lan="$(proc_pid real-nodes-lan)"
  ip link add "$host_if" type veth peer name "sip-${RN_CID}-hl"
  ip link set "sip-${RN_CID}-hl" netns "$lan"
  in_netns "$lan" ip link set lo up
  in_netns "$lan" ip link add br0 type bridge
  in_netns "$lan" ip link set br0 up
  in_netns "$lan" ip link set "sip-${RN_CID}-hl" name host master br0 up
  sysctl -q -w "net.ipv6.conf.${host_if}.disable_ipv6=1" "net.ipv4.conf.${host_if}.rp_filter=1"
  ip addr add "${RN_LAN_HOST_IP}/${RN_LAN_PREFIX}" dev "$host_if"
  ip link set "$host_if" up
}

# net_node_up I NODE_COUNT: node I's eth0 on the LAN, routes to the other nodes' pod CIDRs,
# forwarding, and the masquerade of pod traffic that leaves the pod network.
net_node_up() {
  local i="$1" count="$2" lan pid j a="sip-${RN_CID}-${1}a" b="sip-${RN_CID}-${1}b"
  lan="$(proc_pid real-nodes-lan)"
  pid="$(proc_pid "real-node-${i}")"
  ip link add "$a" type veth peer name "$b"
  ip link set "$a" netns "$lan"
  ip link set "$b" netns "$pid"
  in_netns "$lan" ip link set "$a" name "node-${i}" master br0 up
  in_netns "$pid" ip link set lo up
  in_netns "$pid" ip link set "$b" name eth0
  in_netns "$pid" ip addr add "$(node_ip "$i")/${RN_LAN_PREFIX}" dev eth0
  in_netns "$pid" ip link set eth0 up
  in_netns "$pid" sysctl -q -w net.ipv4.ip_forward=1
  for ((j = 1; j <= count; j++)); do
    ((j == i)) || in_netns "$pid" ip route add "$(node_pod_cidr "$j")" via "$(node_ip "$j")" dev eth0
  done
  in_netns "$pid" iptables -w -t nat -A POSTROUTING -s "$(node_pod_cidr "$i")" ! -d "$RN_POD_CIDR" \
    -m comment --comment "stickyip: pods leaving the pod network" -j MASQUERADE
}

# The kube-apiserver listens on 127.0.0.1 only; HAProxy (TCP, TLS passed through) makes it
# reachable from the LAN at RN_LAN_HOST_IP on the same port. Long timeouts: watches.
net_apiserver_proxy() {
  command -v haproxy >/dev/null 2>&1 || die "haproxy is needed to reach the API server from the real nodes (apt-get install haproxy)"
  cat >"${CONF_DIR}/real-nodes-apiserver-proxy.cfg" <<CFG
global
  maxconn 1024
defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h
frontend apiserver-lan
  bind ${RN_LAN_HOST_IP}:${STICKYIP_APISERVER_PORT}
  default_backend apiserver
backend apiserver
  server apiserver 127.0.0.1:${STICKYIP_APISERVER_PORT}
CFG
  start_proc real-nodes-apiserver-proxy "$STICKYIP_APISERVER_PORT" "$(command -v haproxy)" -db \
    -f "${CONF_DIR}/real-nodes-apiserver-proxy.cfg"
}

# Host links of this cluster left by a crash (the veth ends vanish with their namespaces;
# a crash between 'ip link add' and the move into a namespace leaves both on the host).
net_cleanup() {
  local l
  for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^sip-${RN_CID}-" || true); do
    ip link delete "$l" 2>/dev/null || true
  done
}
