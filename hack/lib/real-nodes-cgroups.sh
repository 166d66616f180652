# shellcheck shell=bash
# hack/lib/real-nodes-cgroups.sh -- the cgroups of the local real nodes (sourced by
# hack/lib/real-nodes.sh). One tree per cluster, the same path in every mounted hierarchy
# (v1 controllers, name=systemd, the v2 'unified' one):
#   /stickyip-<cid>/lan                   the LAN namespace's holder
#   /stickyip-<cid>/real-node-<i>/runtime the node's holder, containerd (and its shims), kubelet
#   /stickyip-<cid>/real-node-<i>/kubepods... kubelet's pods (cgroupRoot /stickyip-<cid>/real-node-<i>)
# Every process a node ever runs is in it, so 'down' and the clean-up after a crash kill what
# is left there and remove the tree: nothing stays on the host.
# Uses: log.

cgroup_mounts() { awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/self/mounts; }

# cgroups_usable: the hierarchies exist and a cgroup can be made (root, writable cgroupfs).
cgroups_usable() {
  local m probe
  m="$(cgroup_mounts | head -n 1)"
  [[ -n "$m" ]] || return 1
  probe="${m}/stickyip-probe-$$"
  mkdir "$probe" 2>/dev/null || return 1
  rmdir "$probe"
}

# cg_create REL: REL (and its parents) in every hierarchy; cpuset.cpus/mems copied down so
# processes can join (a new v1 cpuset cgroup starts empty).
cg_create() {
  local rel="$1" m path="" part
  for m in $(cgroup_mounts); do mkdir -p "${m}${rel}"; done
  m="$(cgroup_mounts | grep '/cpuset$' || true)"
  [[ -n "$m" && -f "${m}/cpuset.cpus" ]] || return 0
  local IFS=/
  for part in ${rel#/}; do
    [[ -n "$part" ]] || continue
    cat "${m}${path}/cpuset.cpus" >"${m}${path}/${part}/cpuset.cpus"
    cat "${m}${path}/cpuset.mems" >"${m}${path}/${part}/cpuset.mems"
    path="${path}/${part}"
  done
}

# cg_pids REL: every pid in REL's subtree, any hierarchy, once.
cg_pids() {
  local m
  for m in $(cgroup_mounts); do
    [[ -d "${m}$1" ]] || continue
    find "${m}$1" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -un
}

# cg_kill REL: SIGKILL every process of the subtree (frozen first, so none forks meanwhile)
# and wait until it is empty; at most ~10 s.
cg_kill() {
  local rel="$1" freezer pids i
  pids="$(cg_pids "$rel")"
  [[ -n "$pids" ]] || return 0
  log "  killing the $(wc -w <<<"$pids") process(es) left in cgroup ${rel}"
  freezer="$(cgroup_mounts | grep '/freezer$' || true)"
  [[ -z "$freezer" || ! -d "${freezer}${rel}" ]] || echo FROZEN >"${freezer}${rel}/freezer.state" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pids="$(cg_pids "$rel")"
    [[ -n "$pids" ]] || break
    # shellcheck disable=SC2086 # a list of pids
    kill -KILL $pids 2>/dev/null || true
    [[ -z "$freezer" || ! -d "${freezer}${rel}" ]] || echo THAWED >"${freezer}${rel}/freezer.state" 2>/dev/null || true
    sleep 0.1
  done
  [[ -z "$(cg_pids "$rel")" ]] || log "  warning: processes still in ${rel}: $(cg_pids "$rel" | xargs)"
}

# cg_remove REL: the subtree, deepest first, in every hierarchy.
cg_remove() {
  local m d i
  for m in $(cgroup_mounts); do
    [[ -d "${m}$1" ]] || continue
    for ((i = 0; i < 20; i++)); do
      while read -r d; do rmdir "$d" 2>/dev/null || true; done < <(find "${m}$1" -depth -type d)
      [[ -d "${m}$1" ]] || break
      sleep 0.1 # a cgroup whose last process just died may be busy for a moment
    done
    [[ ! -d "${m}$1" ]] || log "  warning: could not remove cgroup ${m}$1"
  done
}
