# shellcheck shell=bash
# Sourced: shellcheck over the project's shell scripts (hack/test runs it before the Maven build).
#   stickyip_shell_scripts    print them, one a line: every file of the tree (git's, tracked or new, not
#                             ignored) whose name ends in .sh or whose first line is a sh/bash shebang:
#                             hack/*, hack/lib/*.sh, .ci/run, agent/src/build/*.sh, ...
#   stickyip_shellcheck       check them; exit 1 on any finding
#   stickyip_shellcheck_files FILE...   the same check of the files given
#
# Severity: info and above (--severity=info); only 'style' findings pass (taste, e.g. SC2001 sed
# instead of ${var//}, SC2004 $ inside arithmetic). Not warning and above: shellcheck files
# unquoted expansions (SC2086: word splitting and globbing), 'A && B || C' taken for if-then-else
# (SC2015) and expansions in single quotes (SC2016) under info, and those are real bugs in scripts
# that run as root, delete state directories and kill processes. Code that is right as written
# carries a '# shellcheck disable=SCxxxx' with its reason on the line above. Sourced files are
# followed (--external-sources) from the directory of the file that sources them
# (--source-path=SCRIPTDIR), as the scripts' '# shellcheck source=' directives are written.
# Needs: shellcheck (hack/packages.txt).

stickyip_shell_scripts() {
  local root f
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  (
    cd "$root" || exit 1
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      git ls-files --cached --others --exclude-standard
    else
      find . -type f -not -path './.git/*' -not -path '*/target/*' -not -path './.local/*' -printf '%P\n' # as .gitignore
    fi | while IFS= read -r f; do
      [[ -f "$f" ]] || continue
      case "$f" in
        *.sh) printf '%s\n' "$f" ;;
        *) head -n 1 "$f" 2>/dev/null | grep -qE '^#!.*[/ ](ba)?sh( |$)' && printf '%s\n' "$f" ;;
      esac
    done | sort -u
  )
}

stickyip_shellcheck() {
  local root files=()
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  mapfile -t files < <(stickyip_shell_scripts)
  ((${#files[@]})) || { echo "[shellcheck] no shell scripts found under ${root}" >&2; return 1; }
  (cd "$root" && stickyip_shellcheck_files "${files[@]}")
}

stickyip_shellcheck_files() {
  printf '[shellcheck] %d scripts, severity info and above\n' "$#" >&2
  shellcheck --external-sources --source-path=SCRIPTDIR --severity=info "$@"
}
