# shellcheck shell=bash
# hack/lib/common.sh -- logging shared by hack/build-tools and hack/cluster.
# Set LOG_TAG (e.g. "cluster") before sourcing; messages go to stderr.

log() { printf '[%s] %s\n' "${LOG_TAG:-hack}" "$*" >&2; }
die() { printf '[%s] error: %s\n' "${LOG_TAG:-hack}" "$*" >&2; exit 1; }

# shellcheck source=packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/packages.sh" # stickyip_packages: hack/packages.txt, the one list

fmt_duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
