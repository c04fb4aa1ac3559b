#!/usr/bin/env bash
# Lints and renders the Helm chart, then checks the rendered manifests (scripts/helm-manifests-check.ts):
# with the default values and with the production-like helm/risk-surveillance/ci-values.yaml.
# Installs the helm CLI into .services/bin with `go install` when it is missing (cached after that).
# Exits non-zero on any problem. No cluster is needed or contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HELM_VERSION=v3.21.4
# A helm built by `go install` (no release ldflags) assumes Kubernetes v1.20; say which cluster we target.
KUBE_VERSION=1.30.0
CHART=helm/risk-surveillance
OUT=.services/helm
HELM=$ROOT/.services/bin/helm
started=$(date +%s)
step() { printf '== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

# `helm version` of a go-installed build says only "v3.21": a stamp file records the exact version.
if [[ ! -x $HELM ]] || [[ "$(cat "$HELM.version" 2>/dev/null)" != "$HELM_VERSION" ]]; then
  command -v go >/dev/null || { echo "helm.sh: helm $HELM_VERSION is not in .services/bin and go is not installed to build it" >&2; exit 1; }
  step "installing helm $HELM_VERSION with go install (first run only)"
  mkdir -p .services/bin
  GOBIN=$ROOT/.services/bin GOFLAGS=-buildvcs=false go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "$HELM_VERSION" > "$HELM.version"
  step "helm installed"
fi
# Keep helm's caches and config inside the project, never in the user's home.
export HELM_CACHE_HOME=$ROOT/.services/helm/cache HELM_CONFIG_HOME=$ROOT/.services/helm/config HELM_DATA_HOME=$ROOT/.services/helm/data
mkdir -p "$OUT"

status=0
step "helm lint (default values)"; "$HELM" lint --strict --kube-version "$KUBE_VERSION" "$CHART" || status=1
step "helm lint (ci-values.yaml)"; "$HELM" lint --strict --kube-version "$KUBE_VERSION" "$CHART" -f "$CHART/ci-values.yaml" || status=1

step "helm template"
"$HELM" template risk "$CHART" --kube-version "$KUBE_VERSION" --namespace risk > "$OUT/default.yaml" || status=1
"$HELM" template risk "$CHART" --kube-version "$KUBE_VERSION" --namespace risk -f "$CHART/ci-values.yaml" > "$OUT/ci.yaml" || status=1

# The chart refuses values that would deploy something broken; each must fail with its message.
expect_refusal() {
  local message=$1; shift
  local output
  if output=$("$HELM" template risk "$CHART" --kube-version "$KUBE_VERSION" "$@" 2>&1); then
    echo "helm.sh: expected the chart to refuse $* ($message), but it rendered" >&2; status=1
  elif ! grep -qF "$message" <<<"$output"; then
    echo "helm.sh: the chart refused $* without saying '$message':" >&2; echo "$output" >&2; status=1
  fi
}
step "values the chart must refuse"
expect_refusal "roles.anchor.replicas must be 1" --set roles.anchor.replicas=2
expect_refusal "additional properties 'anchr' not allowed" --set roles.anchr.replicas=1 # values.schema.json
expect_refusal "secrets.DATABASE_URL is required" --set existingSecret=
expect_refusal "chain.ledger=cometbft needs chain.rpc" --set chain.ledger=cometbft
expect_refusal "needs chain.genesis" --set chain.ledger=cometbft --set 'chain.rpc={http://validator-0:26657}'
expect_refusal "chain.validator.existingSecret is required" -f "$CHART/ci-values.yaml" --set chain.validator.existingSecret=
expect_refusal "chain.validator.enabled needs chain.ledger=cometbft" --set chain.validator.enabled=true --set chain.validator.existingSecret=k

step "checking the rendered manifests"
node -r @swc-node/register scripts/helm-manifests-check.ts "$OUT/default.yaml" "$OUT/ci.yaml" || status=1

step "done"
exit "$status"
