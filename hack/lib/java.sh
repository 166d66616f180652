# shellcheck shell=bash
# Sourced: selects a JDK >= 21 into JAVA_HOME/PATH. Installs Debian's openjdk-21 only if none exists.
# shellcheck source=packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/packages.sh"
java_major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }

stickyip_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ]; then
    export PATH="$JAVA_HOME/bin:$PATH"; return 0
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    m=$(java_major "$d" 2>/dev/null || echo 0)
    if [ "${m:-0}" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best=$d; best_major=$m; fi
  done
  if [ -z "$best" ]; then
    echo "no JDK >= 21 under /usr/lib/jvm; installing Debian's openjdk-21-jdk-headless" >&2
    stickyip_install_debs openjdk-21-jdk-headless \
      || { echo "could not install a JDK >= 21: install one under /usr/lib/jvm or set JAVA_HOME" >&2; return 1; }
    stickyip_pick_jdk; return
  fi
  export JAVA_HOME="$best" PATH="$best/bin:$PATH"
}
