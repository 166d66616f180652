#!/usr/bin/env bash
# hack/lib/node-enter.sh -- run a command as part of a local real node (hack/lib/real-nodes.sh).
# Executed, not sourced. Every process of a node goes through it, so each one is in the
# node's cgroup (the node's 'down' and a crash clean-up find every process there) and in the
# node's namespaces.
#
#   node-enter.sh new CGROUP NODE_DIR -- CMD...   join CGROUP, then run CMD as the first
#       process of a new network and mount namespace (mount propagation private) whose
#       /run, /var/lib and /var/log are NODE_DIR/root/{run,var-lib,var-log} and whose
#       kernel sysctls kubelet writes are files in NODE_DIR/sysctl (see mask_sysctls);
#       NODE_DIR empty: a new network namespace only (the LAN)
#   node-enter.sh exec CGROUP PID -- CMD...       join CGROUP, then exec CMD in the network
#       and mount namespaces of PID (the node's holder)
#
# CGROUP is a path relative to each cgroup hierarchy's root, the same in all of them (as
# kubelet's cgroupfs driver uses it), e.g. /stickyip-1a2b3c/real-node-1/runtime.
set -euo pipefail

die() { printf '[node-enter] error: %s\n' "$*" >&2; exit 1; }

# Kernel-wide sysctls kubelet sets at start (setupKernelTunables, with
# protectKernelDefaults=false). Not namespaced: written for real they would change the host.
# Each is a file of the node's own, bind-mounted over the /proc/sys entry in the node's mount
# namespace, holding the host's value until kubelet writes its own.
MASKED_SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops
  kernel/keys/root_maxkeys kernel/keys/root_maxbytes)

join_cgroup() {
  local rel="$1" mnt
  while read -r mnt; do
    [[ -d "${mnt}${rel}" ]] || die "cgroup ${mnt}${rel} does not exist"
    echo $$ >"${mnt}${rel}/cgroup.procs" || die "cannot join ${mnt}${rel}"
  done < <(awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/self/mounts)
}

mask_sysctls() {
  local dir="$1" s f
  mkdir -p "$dir"
  for s in "${MASKED_SYSCTLS[@]}"; do
    [[ -e "/proc/sys/${s}" ]] || continue
    f="${dir}/${s//\//.}"
    cat "/proc/sys/${s}" >"$f"
    mount --bind "$f" "/proc/sys/${s}"
  done
}

# In the new mount namespace: the node's own directories over the host's.
node_mounts() {
  local node_dir="$1" d
  for d in run var-lib var-log; do mkdir -p "${node_dir}/root/${d}"; done
  mount --bind "${node_dir}/root/run" /run
  mount --bind "${node_dir}/root/var-lib" /var/lib
  mount --bind "${node_dir}/root/var-log" /var/log
  mask_sysctls "${node_dir}/sysctl"
}

mode="${1:-}"
case "$mode" in
  new)
    [[ $# -ge 5 && "$4" == -- ]] || die "usage: node-enter.sh new CGROUP NODE_DIR -- CMD..."
    cgroup="$2" node_dir="$3"
    shift 4
    join_cgroup "$cgroup"
    if [[ -z "$node_dir" ]]; then
      exec unshare --net -- "$@"
    fi
    exec unshare --net --mount --propagation private -- "$0" mounts "$node_dir" -- "$@"
    ;;
  mounts) # internal: the second half of 'new', inside the new namespaces
    node_dir="$2"
    shift 3
    node_mounts "$node_dir"
    exec "$@"
    ;;
  exec)
    [[ $# -ge 5 && "$4" == -- ]] || die "usage: node-enter.sh exec CGROUP PID -- CMD..."
    cgroup="$2" pid="$3"
    shift 4
    join_cgroup "$cgroup"
    exec nsenter --target "$pid" --net --mount -- "$@"
    ;;
  *) die "usage: node-enter.sh new|exec ... (see the header of ${0})" ;;
esac
