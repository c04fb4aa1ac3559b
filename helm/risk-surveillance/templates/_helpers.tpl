{{/* Names and labels shared by every template. */}}

{{- define "risk.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "risk.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "risk.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "risk.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: risk-surveillance
{{- end -}}

{{- define "risk.selectorLabels" -}}
app.kubernetes.io/name: {{ include "risk.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one role's objects; call with (dict "root" $ "role" "api"). */}}
{{- define "risk.roleLabels" -}}
{{ include "risk.labels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "risk.roleSelectorLabels" -}}
{{ include "risk.selectorLabels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "risk.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "risk.secretName" -}}
{{- default (printf "%s-secrets" (include "risk.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{- define "risk.genesisConfigMap" -}}
{{- default (printf "%s-genesis" (include "risk.fullname" .)) .Values.chain.existingGenesisConfigMap -}}
{{- end -}}

{{- define "risk.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "risk.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "risk.cometbft" -}}
{{- if eq .Values.chain.ledger "cometbft" -}}true{{- end -}}
{{- end -}}

{{/* Fails the render early on values that would deploy something broken. */}}
{{- define "risk.validate" -}}
{{- if not (has .Values.chain.ledger (list "cometbft" "local")) -}}
{{- fail (printf "chain.ledger must be cometbft or local, got %q" .Values.chain.ledger) -}}
{{- end -}}
{{- if include "risk.cometbft" . -}}
{{- if not .Values.chain.rpc -}}
{{- fail "chain.ledger=cometbft needs chain.rpc (the validators' RPC URLs)" -}}
{{- end -}}
{{- if and (not .Values.chain.genesis) (not .Values.chain.existingGenesisConfigMap) -}}
{{- fail "chain.ledger=cometbft needs chain.genesis (the published genesis.json) or chain.existingGenesisConfigMap" -}}
{{- end -}}
{{- end -}}
{{- if not .Values.existingSecret -}}
{{- range $key := list "DATABASE_URL" "REGULATOR_SIGNING_KEY" "ID_HASH_KEY" "AUTH_SIGNING_KEY" -}}
{{- if not (index $.Values.secrets $key) -}}
{{- fail (printf "secrets.%s is required when existingSecret is empty: every pod must share it" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if .Values.chain.validator.enabled -}}
{{- if not (include "risk.cometbft" .) -}}
{{- fail "chain.validator.enabled needs chain.ledger=cometbft (its genesis is chain.genesis)" -}}
{{- end -}}
{{- if not .Values.chain.validator.existingSecret -}}
{{- fail "chain.validator.existingSecret is required: the Secret with priv_validator_key.json and node_key.json" -}}
{{- end -}}
{{- end -}}
{{- if ne (int .Values.roles.anchor.replicas) 1 -}}
{{- fail "roles.anchor.replicas must be 1: the anchor is a single leader (advisory lock) so checkpoints stay ordered" -}}
{{- end -}}
{{- end -}}
