# shellcheck shell=bash
# hack/lib/build-images.sh -- the base images of stickyip's OCI images (hack/build-images,
# docs/images.md), made here from what the registries serve, without a container engine:
#   java-base.tar   layer os:    the C library's shared objects the Java runtime loads (Debian's
#                                libc6, the ELF closure only), /etc/passwd and /etc/group with the
#                                user nonroot (65532), /etc/nsswitch.conf, /tmp
#                   layer java:  a Java runtime jlinked from the build's JDK into /opt/java
#   agent-base.tar  the same two layers, plus
#                   layer agent: the programs the agent runs (ip, nsenter, sysctl, arping, na6:
#                                agent/.../netns/NodePrograms.java) and the libraries they load
# Both are `docker save` tarballs (manifest.json, config, uncompressed layers): the format Jib takes
# as a `tar://` base. Reproducible: packages pinned with their sha256 (hack/images/base-debs.lock),
# files sorted, mtime 0, owner root, configs with a fixed creation time.
# Uses: HACK_DIR, CACHE_DIR, log, die, stickyip_pick_jdk (java.sh).

IMAGES_LOCK="${HACK_DIR}/images/base-debs.lock"
IMAGES_ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
IMAGES_MULTIARCH="x86_64-linux-gnu"
# The modules of the jlinked runtime: what the deployables' class paths reference (jdeps, plus
# java.desktop for java.beans, which Jackson, the AWS SDK and Micrometer touch).
IMAGES_JAVA_MODULES="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.charsets,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs"
# The agent's programs, as their packages ship them (bin/ip: iproute2 on bookworm is not usr-merged).
IMAGES_AGENT_PROGRAMS="bin/ip sbin/ip usr/bin/nsenter sbin/sysctl usr/sbin/arping usr/sbin/na6"
# Native parts of java.desktop that need X11 or ALSA, never loaded by a headless server.
IMAGES_JAVA_GUI_LIBS="libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so"

images_lock_lines() { awk '!/^[[:space:]]*(#|$)/ {print $1, $2, $3, $4}' "$IMAGES_LOCK"; }

# ---------------------------------------------------------------- lock and fetch
# images_lock: rewrite the lock with apt's current candidate (version, sha256) of each package.
images_lock() {
  local tmp layer pkg _v _s version sha
  tmp="$(mktemp)"
  apt-get update -qq >/dev/null 2>&1 || log "apt-get update failed; using the package lists as they are"
  sed -n '/^[[:space:]]*#/p' "$IMAGES_LOCK" >"$tmp"
  while read -r layer pkg _v _s; do
    version="$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -1)"
    sha="$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^SHA256: //p' | head -1)"
    [[ -n "$version" && -n "$sha" ]] || die "apt knows no candidate of ${pkg} (hack/images/base-debs.lock)"
    printf '%s %s %s %s\n' "$layer" "$pkg" "$version" "$sha" >>"$tmp"
  done < <(images_lock_lines)
  mv "$tmp" "$IMAGES_LOCK"
  log "wrote ${IMAGES_LOCK}"
}

# images_fetch: every .deb of the lock into CACHE_DIR/debs/<sha256>.deb (downloaded once, checked).
images_fetch() {
  local debs="${CACHE_DIR}/debs" layer pkg version sha tmp got
  mkdir -p "$debs"
  while read -r layer pkg version sha; do
    [[ "$version" != - ]] || die "${pkg} is not pinned in hack/images/base-debs.lock: run hack/build-images lock"
    [[ -f "${debs}/${sha}.deb" ]] && continue
    tmp="$(mktemp -d)"
    (cd "$tmp" && apt-get -o APT::Sandbox::User=root download -qq "${pkg}=${version}" >/dev/null 2>&1) ||
      die "apt-get download ${pkg}=${version} failed (Debian may have replaced it): run hack/build-images lock, commit hack/images/base-debs.lock"
    got="$(sha256sum "$tmp"/*.deb | cut -d' ' -f1)"
    [[ "$got" == "$sha" ]] || die "${pkg}=${version}: the .deb's sha256 is ${got}, the lock says ${sha}"
    mv "$tmp"/*.deb "${debs}/${sha}.deb"
    rm -rf "$tmp"
  done < <(images_lock_lines)
}

# images_unpack LAYER STAGE: the packages of LAYER (lock column 1) extracted into STAGE.
images_unpack() {
  local want="$1" stage="$2" layer pkg version sha
  mkdir -p "$stage"
  while read -r layer pkg version sha; do
    [[ "$layer" == "$want" ]] || continue
    dpkg-deb -x "${CACHE_DIR}/debs/${sha}.deb" "$stage"
    printf '%s %s\n' "$pkg" "$version" >>"${stage}.packages"
  done < <(images_lock_lines)
}

# ---------------------------------------------------------------- picking files (ELF closure)
# usr-merged destination of a package path: bin/x -> usr/bin/x, lib/x -> usr/lib/x, ...
images_merged() {
  case "$1" in
    bin/* | sbin/* | lib/* | lib64/*) printf 'usr/%s\n' "$1" ;;
    *) printf '%s\n' "$1" ;;
  esac
}

images_needed() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'; }

# images_lib STAGE SONAME: the package path of SONAME in STAGE.
images_lib() {
  local d
  for d in "lib/${IMAGES_MULTIARCH}" "usr/lib/${IMAGES_MULTIARCH}" lib usr/lib; do
    [[ -e "${1}/${d}/${2}" || -L "${1}/${d}/${2}" ]] && { printf '%s/%s\n' "$d" "$2"; return 0; }
  done
  return 1
}

# images_copy STAGE DEST REL: REL (a file, or a symlink and what it points to, inside STAGE) into
# DEST, usr-merged; prints the package path of the file finally reached.
images_copy() {
  local stage="$1" dest="$2" rel="$3" to target hops=0
  while :; do
    to="${dest}/$(images_merged "$rel")"
    mkdir -p "$(dirname "$to")"
    [[ -e "$to" || -L "$to" ]] || cp -a "${stage}/${rel}" "$to"
    [[ -L "${stage}/${rel}" ]] || break
    target="$(readlink "${stage}/${rel}")"
    if [[ "$target" == /* ]]; then rel="${target#/}"; else rel="$(dirname "$rel")/${target}"; fi
    rel="$(realpath -ms --relative-to=/ "/${rel}")" # -s: never the host's symlinks
    ((++hops < 10)) || die "symlink loop at ${rel}"
  done
  printf '%s\n' "$rel"
}

# images_pick_elf STAGE DEST SKIP REL...: REL and every shared library they load (transitively)
# from STAGE into DEST; libraries already in SKIP (a destination dir, or -) are left out. A library
# STAGE lacks stops the build and names it.
images_pick_elf() {
  local stage="$1" dest="$2" skip="$3" rel real so lib
  shift 3
  local -a queue=("$@")
  local -A seen=()
  while ((${#queue[@]})); do
    rel="${queue[0]}"
    queue=("${queue[@]:1}")
    [[ -z "${seen[$rel]:-}" ]] || continue
    seen[$rel]=1
    if [[ "$skip" != - && ( -e "${skip}/$(images_merged "$rel")" ) ]]; then continue; fi
    real="$(images_copy "$stage" "$dest" "$rel")"
    for so in $(images_needed "${stage}/${real}"); do
      lib="$(images_lib "$stage" "$so")" ||
        die "${so} (needed by ${rel}) is in no package of its layer in hack/images/base-debs.lock: add the package that ships it"
      queue+=("$lib")
    done
  done
}

# images_copyrights STAGE DEST: each unpacked package's copyright file (licences travel with them).
images_copyrights() {
  local f
  for f in "$1"/usr/share/doc/*/copyright; do
    [[ -f "$f" ]] || continue
    install -D -m 0644 "$f" "${2}/${f#"$1"/}"
  done
}

# ---------------------------------------------------------------- the layers
# images_layer_os STAGE DEST JAVA: libc's part of the Java runtime's closure, users, nsswitch, /tmp.
images_layer_os() {
  local stage="$1" dest="$2" java="$3" so lib f
  local -a libs=("lib64/ld-linux-x86-64.so.2")
  mkdir -p "${dest}/usr/bin" "${dest}/usr/sbin" "${dest}/usr/lib" "${dest}/usr/lib64" "${dest}/etc" "${dest}/tmp"
  ln -s usr/bin "${dest}/bin"
  ln -s usr/sbin "${dest}/sbin"
  ln -s usr/lib "${dest}/lib"
  ln -s usr/lib64 "${dest}/lib64"
  while IFS= read -r f; do
    case " ${IMAGES_JAVA_GUI_LIBS} " in *" $(basename "$f") "*) continue ;; esac
    for so in $(images_needed "$f"); do
      [[ -e "$(dirname "$f")/${so}" || -e "${java}/lib/${so}" || -e "${java}/lib/server/${so}" ]] && continue
      lib="$(images_lib "$stage" "$so")" || die "${so} (needed by the Java runtime's ${f#"$java"/}) is not in libc6"
      libs+=("$lib")
    done
  done < <(find "$java" -type f \( -name '*.so' -o -path '*/bin/*' \) | sort)
  images_pick_elf "$stage" "$dest" - "${libs[@]}"
  images_copyrights "$stage" "$dest"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532:nonroot:/nonexistent:/usr/sbin/nologin\n' >"${dest}/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"${dest}/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n' >"${dest}/etc/nsswitch.conf"
  chmod 0644 "${dest}/etc/passwd" "${dest}/etc/group" "${dest}/etc/nsswitch.conf"
  chmod 1777 "${dest}/tmp"
}

# images_layer_java DEST: the runtime jlinked into DEST/opt/java (JDK of hack/lib/java.sh).
images_layer_java() {
  mkdir -p "${1}/opt"
  "${JAVA_HOME}/bin/jlink" --add-modules "$IMAGES_JAVA_MODULES" --strip-debug --no-man-pages \
    --no-header-files --compress=zip-6 --output "${1}/opt/java" >&2 ||
    die "jlink of ${IMAGES_JAVA_MODULES} with ${JAVA_HOME} failed"
}

# images_layer_agent STAGE DEST SKIP: the agent's programs and their libraries (those not in SKIP).
images_layer_agent() {
  local stage="$1" dest="$2" skip="$3" p
  local -a progs=()
  for p in $IMAGES_AGENT_PROGRAMS; do
    [[ -e "${stage}/${p}" || -L "${stage}/${p}" ]] || die "${p} is in no package of the agent layer (hack/images/base-debs.lock)"
    progs+=("$p")
  done
  images_pick_elf "$stage" "$dest" "$skip" "${progs[@]}"
  cp -a "${stage}/etc/iproute2" "${dest}/etc/"
  images_copyrights "$stage" "$dest"
}

# images_tar DIR OUT: a reproducible tar of DIR's entries (sorted, mtime 0, root-owned, no xattrs),
# named without a leading ./ (Jib refuses an archive entry "./").
images_tar() {
  local -a entries
  mapfile -t entries < <(find "$1" -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort)
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$1" -cf "$2" -- "${entries[@]}"
}

# images_save OUT NAME USER LAYER...: a `docker save` tarball of the LAYER tars (in order).
images_save() {
  local out="$1" name="$2" user="$3" d l diff=() files=() history=()
  shift 3
  d="$(mktemp -d)"
  for l in "$@"; do
    diff+=("sha256:$(sha256sum "$l" | cut -d' ' -f1)")
    files+=("$(basename "$l")")
    history+=("hack/build-images: layer $(basename "$l" .tar) ($(tr '\n' ' ' <"${l%.tar}.packages" 2>/dev/null | sed 's/ $//'))")
    cp "$l" "${d}/"
  done
  jq -nS --arg arch "$IMAGES_ARCH" --arg user "$user" \
    --argjson diff "$(printf '%s\n' "${diff[@]}" | jq -R . | jq -s .)" \
    --argjson hist "$(printf '%s\n' "${history[@]}" | jq -R . | jq -s .)" \
    '{architecture: $arch, os: "linux", created: "1970-01-01T00:00:00Z",
      config: {Env: ["PATH=/opt/java/bin:/usr/sbin:/usr/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"],
               User: $user, WorkingDir: "/"},
      rootfs: {type: "layers", diff_ids: $diff},
      history: [$hist[] | {created: "1970-01-01T00:00:00Z", created_by: .}]}' >"${d}/config.json"
  jq -nc --arg name "$name" --argjson layers "$(printf '%s\n' "${files[@]}" | jq -R . | jq -s .)" \
    '[{Config: "config.json", RepoTags: [$name], Layers: $layers}]' >"${d}/manifest.json"
  images_tar "$d" "$out"
  rm -rf "$d"
}

# ---------------------------------------------------------------- entry points
# The cache key of the base images: the lock, this file, the JDK.
images_base_version() {
  { cat "$IMAGES_LOCK" "${BASH_SOURCE[0]}"; "${JAVA_HOME}/bin/java" -version 2>&1; } | sha256sum | cut -c1-12
}

images_base_dir() { printf '%s/images/base-%s\n' "$CACHE_DIR" "$(images_base_version)"; }

# images_base [--force]: build java-base.tar and agent-base.tar (unless cached); prints their dir.
images_base() {
  local out work t0
  out="$(images_base_dir)"
  if [[ "${1:-}" != --force && -f "${out}/agent-base.tar" ]]; then
    log "base images $(basename "$out") are cached in ${out}"
    printf '%s\n' "$out"
    return
  fi
  command -v readelf >/dev/null 2>&1 || die "readelf is missing (binutils, hack/packages.txt)"
  t0="$(date +%s)"
  images_fetch
  work="$(mktemp -d)"
  images_unpack java "${work}/stage-java"
  images_unpack agent "${work}/stage-agent"
  cp -a "${work}/stage-java/." "${work}/stage-agent/" # the agent's programs load libc from the same stage
  images_layer_java "${work}/java"
  images_layer_os "${work}/stage-java" "${work}/os" "${work}/java/opt/java"
  images_layer_agent "${work}/stage-agent" "${work}/agent" "${work}/os"
  cp "${work}/stage-java.packages" "${work}/os.packages"
  printf 'jlink %s %s\n' "$("${JAVA_HOME}/bin/java" -version 2>&1 | sed -n 's/.*Runtime Environment \(.*\)$/\1/p' | tr ' ' _)" \
    "$IMAGES_JAVA_MODULES" >"${work}/java.packages"
  sort "${work}/stage-agent.packages" | grep -vxFf "${work}/stage-java.packages" >"${work}/agent.packages" || true
  local l
  for l in os java agent; do images_tar "${work}/${l}" "${work}/${l}.tar"; done
  mkdir -p "${out}.tmp"
  images_save "${out}.tmp/java-base.tar" "stickyip.local/java-base:$(images_base_version)" 65532:65532 \
    "${work}/os.tar" "${work}/java.tar"
  images_save "${out}.tmp/agent-base.tar" "stickyip.local/agent-base:$(images_base_version)" 0:0 \
    "${work}/os.tar" "${work}/java.tar" "${work}/agent.tar"
  for l in os java agent; do
    log "  layer ${l}: $(du -sh "${work}/${l}" | cut -f1) ($(sha256sum "${work}/${l}.tar" | cut -c1-19))"
  done
  rm -rf "$work" "$out"
  mv "${out}.tmp" "$out"
  log "base images built in $(($(date +%s) - t0)) s: ${out}"
  printf '%s\n' "$out"
}
