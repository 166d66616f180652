# shellcheck shell=bash
# Sourced by hack/build-tools (and by anything that needs moto): moto's EC2 server, the AWS
# stand-in every cloud test of stickyip runs against, on loopback only.
#
#   moto_install      pip-installs moto[server]==$MOTO_VERSION from PyPI into a virtualenv
#                     under ${STICKYIP_CACHE:-~/.cache/stickyip}/venv/moto-<version>/, once;
#                     a '.complete' stamp is written only after pip succeeded, under a flock,
#                     so a concurrent or interrupted install is never taken for a cached one.
#   moto_is_cached    exit 0 when that virtualenv is complete
#   moto_server_path  the moto_server console script of the virtualenv (installs first)
#
# The virtualenv is created at its final path (a venv's scripts carry its absolute path in
# their shebang, so it cannot be built elsewhere and renamed); the lock serialises installs.
# Needs python3 >= 3.9 with the venv module (Debian: python3-venv).

MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
MOTO_CACHE="${STICKYIP_CACHE:-${HOME}/.cache/stickyip}"

moto_dir() { printf '%s/venv/moto-%s\n' "$MOTO_CACHE" "$MOTO_VERSION"; }

moto_is_cached() {
  local dir
  dir="$(moto_dir)"
  [[ -f "${dir}/.complete" && -x "${dir}/bin/moto_server" ]]
}

moto_log() { printf '[moto] %s\n' "$*" >&2; }

moto_python() {
  local py
  for py in python3 python; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
      command -v "$py"
      return 0
    fi
  done
  moto_log "no python3 >= 3.9 with the venv module; installing hack/packages.txt (python3-venv)"
  stickyip_install_debs python3 python3-venv || { moto_log "error: could not install python3-venv"; return 1; }
  command -v python3
}

moto_install() {
  local dir lock py start=$SECONDS
  dir="$(moto_dir)"
  mkdir -p "${MOTO_CACHE}/venv"
  lock="${dir}.lock"
  (
    flock 9
    if moto_is_cached; then
      moto_log "moto ${MOTO_VERSION} is cached in ${dir}"
      exit 0
    fi
    py="$(moto_python)" || exit 1
    moto_log "installing moto[server]==${MOTO_VERSION} into ${dir} (first run only, ~1 min)..."
    rm -rf "$dir"
    "$py" -m venv "$dir"
    "${dir}/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      "moto[server]==${MOTO_VERSION}" >&2 \
      || { rm -rf "$dir"; moto_log "error: pip install moto[server]==${MOTO_VERSION} failed"; exit 1; }
    "${dir}/bin/python" -c 'import moto, sys; sys.exit(moto.__version__ != sys.argv[1])' "$MOTO_VERSION" \
      || { rm -rf "$dir"; moto_log "error: the installed moto is not ${MOTO_VERSION}"; exit 1; }
    date -u +%Y-%m-%dT%H:%M:%SZ >"${dir}/.complete"
    moto_log "done: moto ${MOTO_VERSION} in $((SECONDS - start)) s -> ${dir}"
  ) 9>"$lock"
}

moto_server_path() {
  moto_is_cached || moto_install || return 1
  printf '%s/bin/moto_server\n' "$(moto_dir)"
}
