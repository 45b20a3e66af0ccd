#!/usr/bin/env bash
# usage: knative.sh [--apply] [-n NAMESPACE] <command> <function> [...]
# Moves one function's version and traffic on Knative. Prints the change as a JSON patch (in YAML) for
# `kubectl patch ksvc <function> --type json`, and applies it with --apply. scripts/deploy.sh and scripts/rollback.sh
# call this for --target knative.
#
#   deploy   <function> <version>            revision <function>-v<version> takes 100 %
#   canary   <function> <version> <percent>  the new revision takes <percent> % (tag canary), the current one the rest
#   promote  <function> [<version>]          the canary revision takes 100 %
#   rollback <function> [<version>]          100 % back to the previous revision (or to <version>'s)
#
# options:
#   --apply             apply with kubectl and wait until the service is Ready; without it nothing is changed
#   -n, --namespace NS  the environment's namespace (default $KNATIVE_NAMESPACE, else text2media; staging is
#                       text2media-staging)
#   -h, --help
#
# Revision names carry the version: 1.2.0 runs as <function>-v1-2-0, image ghcr.io/text2media/<function>:1.2.0
# ($IMAGE_REGISTRY replaces ghcr.io/text2media; with --apply the repository of the running image is kept).
#
# Which revision is current, previous, canary:
#   current   the revision in spec.traffic without the canary tag (the one with 100 % outside a canary)
#   canary    the revision in spec.traffic tagged canary
#   previous  the annotation text2media.io/previous-revision on the Knative Service, written by deploy and promote
#             (the revision that had 100 % before) and by rollback (the one it left, so a second rollback undoes it)
# With --apply these are read from the cluster (kubectl get ksvc). Without it, from the version given, else from
# the function's last target=knative line of releases/DEPLOYS.log ($DEPLOYS_LOG; tab-separated: time, operator,
# function, from-version, to-version, commit, target): current = its to-version, previous = its from-version; with
# no such line, current is the release in infra/knative/base/<function>.yaml.
# A rollback during a canary returns 100 % to the current revision and drops the canary.
#
# Exit codes:
#   0  done (or printed)
#   1  kubectl missing or failed, or the service did not become Ready
#   2  usage: an unknown option, command or function
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE="$ROOT/infra/knative/base"
DEPLOYS_LOG="${DEPLOYS_LOG:-$ROOT/releases/DEPLOYS.log}"
KUBECTL="${KUBECTL:-kubectl}"
REGISTRY="${IMAGE_REGISTRY:-ghcr.io/text2media}"
WAIT_SECONDS="${KNATIVE_WAIT_SECONDS:-300}"
ANNOTATION="text2media.io/previous-revision"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "knative.sh: $1" >&2; exit "${2:-2}"; }

apply=false
namespace="${KNATIVE_NAMESPACE:-text2media}"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --apply) apply=true ;;
    -n|--namespace) [ $# -ge 2 ] || die "$1 needs a namespace"; namespace="$2"; shift ;;
    --namespace=*) namespace="${1#*=}" ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) args+=("$1") ;;
  esac
  shift
done
[ ${#args[@]} -ge 2 ] || { usage >&2; exit 2; }
command="${args[0]}" fn="${args[1]}"
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "not a namespace name: '$namespace'"
[ -f "$BASE/$fn.yaml" ] || die "unknown function '$fn': one of $(cd "$BASE" && grep -l '^kind: Service' ./*.yaml \
  | sed 's|^\./||; s|\.yaml$||' | xargs)"

# 1.2.0 -> image-v1-2-0: a DNS label, as Knative requires of revision names.
revision_of() {
  local v="$1"
  [[ "$v" =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] || die "not a version: '$v'"
  v=$(printf '%s' "$v" | tr 'A-Z._' 'a-z--')
  local name="$fn-v$v"
  [ ${#name} -le 63 ] || die "version too long for a revision name: '$1'"
  printf '%s' "$name"
}

# The function's last knative deploy-log line, as "from to" (fields may also be written key=value).
last_logged() {
  [ -f "$DEPLOYS_LOG" ] || return 0
  awk -F '\t' -v fn="$fn" '
    function val(s) { sub(/^[a-z_-]+=/, "", s); return s }
    val($3) == fn && val($7) == "knative" { line = val($4) " " val($5) }
    END { if (line != "") print line }' "$DEPLOYS_LOG"
}

base_revision() { sed -n "s/^      name: \($fn-v[a-z0-9-]*\)$/\1/p" "$BASE/$fn.yaml" | head -n 1; }

need_kubectl() {
  command -v "$KUBECTL" >/dev/null 2>&1 \
    || die "--apply needs kubectl ('$KUBECTL' not found): install it, or leave out --apply to only print the change" 1
}

ksvc() { "$KUBECTL" -n "$namespace" get ksvc "$fn" -o "jsonpath=$1"; }

# State of the service: current, canary, previous revision, and the image repository.
current="" canary="" previous="" repository="$REGISTRY/$fn"
if $apply; then
  need_kubectl
  # '|'-separated: an entry without revisionName (latestRevision: true) leaves an empty first field.
  traffic=$(ksvc '{range .spec.traffic[*]}{.revisionName}{"|"}{.percent}{"|"}{.tag}{"\n"}{end}') \
    || die "cannot read ksvc $fn in namespace $namespace (kubectl apply -k infra/knative/overlays/<env> first?)" 1
  while IFS='|' read -r name percent tag; do
    [ -n "$name" ] || continue
    if [ "$tag" = canary ]; then canary="$name"; elif [ -z "$current" ]; then current="$name"; fi
  done <<< "$traffic"
  [ -n "$current" ] || current=$(ksvc '{.status.latestReadyRevisionName}')
  previous=$(ksvc "{.metadata.annotations.text2media\.io/previous-revision}")
  running=$(ksvc '{.spec.template.spec.containers[0].image}')
  [ -n "$running" ] && repository="${running%:*}"
else
  read -r logged_from logged_to <<< "$(last_logged)" || true
  if [ -n "${logged_to:-}" ]; then
    current=$(revision_of "$logged_to")
    previous=$(revision_of "$logged_from")
  else
    current=$(base_revision)
  fi
fi

# --- the patch -------------------------------------------------------------------------------------------------
patch=""
op() { patch+="- op: add"$'\n'"  path: $1"$'\n'"  value: \"$2\""$'\n'; }
template() { # new revision for version $1, unless --apply found it exists already (then only traffic moves)
  local rev; rev=$(revision_of "$1")
  if $apply && "$KUBECTL" -n "$namespace" get revisions.serving.knative.dev "$rev" >/dev/null 2>&1; then return; fi
  op /spec/template/metadata/name "$rev"
  op /spec/template/spec/containers/0/image "$repository:$1"
}
traffic() { # pairs of revision and percent; a third word tags the entry
  patch+="- op: add"$'\n'"  path: /spec/traffic"$'\n'"  value:"$'\n'
  while [ $# -gt 0 ]; do
    patch+="    - revisionName: $1"$'\n'"      latestRevision: false"$'\n'"      percent: $2"$'\n'
    if [ "${3:-}" = canary ]; then patch+="      tag: canary"$'\n'; shift; fi
    shift 2
  done
}
remember() { # $1: the revision that had 100 % before this change; nothing when unknown or unchanged ($2)
  if [ -n "$1" ] && [ "$1" != "$2" ]; then op "/metadata/annotations/${ANNOTATION/\//~1}" "$1"; fi
}

case "$command" in
  deploy)
    [ ${#args[@]} -eq 3 ] || die "usage: deploy <function> <version>"
    rev=$(revision_of "${args[2]}")
    summary="$fn: deploy ${args[2]} as $rev at 100 %"
    template "${args[2]}"
    traffic "$rev" 100
    remember "$current" "$rev"
    ;;
  canary)
    [ ${#args[@]} -eq 4 ] || die "usage: canary <function> <version> <percent>"
    percent="${args[3]}"
    [[ "$percent" =~ ^[0-9]+$ ]] && [ "$percent" -ge 1 ] && [ "$percent" -le 99 ] \
      || die "percent must be a whole number from 1 to 99, got '$percent' (100 % is deploy)"
    rev=$(revision_of "${args[2]}")
    [ -n "$current" ] || die "no current revision of $fn known to share traffic with"
    [ "$current" != "$rev" ] || die "$rev is already the current revision"
    summary="$fn: canary ${args[2]} as $rev at $percent %, $current keeps $((100 - percent)) %"
    template "${args[2]}"
    traffic "$current" $((100 - percent)) "$rev" "$percent" canary
    ;;
  promote)
    [ ${#args[@]} -le 3 ] || die "usage: promote <function> [<version>]"
    if [ ${#args[@]} -eq 3 ]; then rev=$(revision_of "${args[2]}")
    elif $apply; then rev="$canary"
    else rev="${logged_to:+$(revision_of "$logged_to")}"
    fi
    [ -n "$rev" ] || die "no canary of $fn to promote: give its version (promote $fn <version>)"
    stable="$current"
    # Without the cluster, the canary's line says what it was started from.
    if ! $apply && [ "$rev" = "$current" ]; then stable="$previous"; fi
    summary="$fn: promote $rev to 100 %"
    traffic "$rev" 100
    remember "$stable" "$rev"
    ;;
  rollback)
    [ ${#args[@]} -le 3 ] || die "usage: rollback <function> [<version>]"
    if [ ${#args[@]} -eq 3 ]; then target=$(revision_of "${args[2]}")
    elif $apply && [ -n "$canary" ]; then target="$current"
    else target="$previous"
    fi
    [ -n "$target" ] || die "the previous revision of $fn is not known: give its version (rollback $fn <version>)"
    summary="$fn: roll back to $target at 100 %"
    if $apply && ! "$KUBECTL" -n "$namespace" get revisions.serving.knative.dev "$target" >/dev/null 2>&1; then
      die "revision $target does not exist in $namespace (kept revisions: kubectl -n $namespace get revisions)" 1
    fi
    traffic "$target" 100
    # Leaving a canary keeps the annotation as it was; leaving the current revision records it.
    [ -n "$canary" ] && [ "$target" = "$current" ] || remember "$current" "$target"
    ;;
  *) die "unknown command '$command' (deploy, canary, promote, rollback; see --help)" ;;
esac

echo "# $summary"
echo "# $KUBECTL -n $namespace patch ksvc $fn --type json --patch-file <this patch>"
printf '%s' "$patch"
$apply || exit 0

# --- apply and wait for Ready ----------------------------------------------------------------------------------
"$KUBECTL" -n "$namespace" patch ksvc "$fn" --type json -p "$patch" >&2 || die "kubectl patch failed" 1
deadline=$((SECONDS + WAIT_SECONDS))
while :; do
  read -r generation observed ready <<< "$(ksvc '{.metadata.generation} {.status.observedGeneration} {.status.conditions[?(@.type=="Ready")].status}')" || true
  [ "${generation:-x}" = "${observed:-y}" ] && [ "${ready:-}" = True ] && break
  if [ $SECONDS -ge $deadline ]; then
    die "ksvc $fn is not Ready after ${WAIT_SECONDS}s: kubectl -n $namespace describe ksvc $fn; roll back with: $0 -n $namespace --apply rollback $fn" 1
  fi
  sleep 2
done
echo "knative.sh: $summary: Ready" >&2
