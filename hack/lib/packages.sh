# shellcheck shell=bash
# Sourced: installs what is missing from hack/packages.txt, the one list of the Debian packages
# stickyip's entry points need, and checks that every program named there is on PATH.
#   stickyip_packages            install the missing ones (apt-get update once, only if needed)
#   stickyip_packages --check    only say what is missing; exit 1 if anything is
_stickyip_packages_file() { printf '%s/../packages.txt\n' "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; }

# Prints "package<TAB>programs" for each line of the list (programs comma-separated, '-' for none).
stickyip_package_lines() {
  awk -F'|' '!/^[[:space:]]*(#|$)/ {
    n = split($1, head, " "); pkg = head[1]; cond = ""
    if (n > 1 && head[2] ~ /^if-missing:/) cond = substr(head[2], 12)
    progs = $2; gsub(/^[[:space:]]+|[[:space:]]+$/, "", progs); gsub(/[[:space:]]+/, ",", progs)
    if (progs == "-") progs = ""
    printf "%s\t%s\t%s\n", pkg, progs, cond
  }' "$(_stickyip_packages_file)"
}

# The project's one apt-get: installs the named Debian packages (hack/packages.txt, or the JDK
# that hack/lib/java.sh picks when none is found).
stickyip_install_debs() {
  printf '[packages] installing (hack/packages.txt): %s\n' "$*" >&2
  command -v apt-get >/dev/null 2>&1 || { echo "[packages] no apt-get: install $* by other means" >&2; return 1; }
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || { echo "[packages] apt-get could not install: $*" >&2; return 1; }
}

stickyip_packages() {
  local check=0 pkg progs cond p missing=() absent=()
  [[ "${1:-}" == --check ]] && check=1
  while IFS=$'\t' read -r pkg progs cond; do
    if [[ -n "$cond" ]]; then
      command -v "$cond" >/dev/null 2>&1 && continue
    fi
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done < <(stickyip_package_lines)
  if ((${#missing[@]})); then
    if ((check)); then
      printf 'missing packages (hack/packages.txt): %s\n' "${missing[*]}" >&2
      return 1
    fi
    stickyip_install_debs "${missing[@]}" || return 1
  fi
  while IFS=$'\t' read -r pkg progs cond; do
    [[ -z "$progs" ]] && continue
    for p in ${progs//,/ }; do
      command -v "$p" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$p" >/dev/null 2>&1 || absent+=("$p ($pkg)")
    done
  done < <(stickyip_package_lines)
  if ((${#absent[@]})); then
    printf '[packages] installed, but not on PATH: %s\n' "${absent[*]}" >&2
    return 1
  fi
}

# For entry points that also serve non-root users: installs as root; otherwise only says what is
# missing (the parts that need it, e.g. real nodes, then say why they cannot run).
stickyip_packages_as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    stickyip_packages || { echo "[packages] could not install hack/packages.txt" >&2; return 1; }
  else
    stickyip_packages --check || echo "[packages] not root: cannot install hack/packages.txt; parts that need it will fail" >&2
  fi
}
