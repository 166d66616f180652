{{/*
Labels of every object (Helm's recommended labels, kubernetes.io "Recommended Labels"):
  include "stickyip.labels" (dict "name" "stickyip-webhook" "context" $)
app.kubernetes.io/name is the component's own name (stickyip-webhook, ...), the label every
selector of the chart uses; the selectors never carry the version or the chart, so an upgrade
never changes an immutable selector.
*/}}
{{- define "stickyip.labels" -}}
{{- $ctx := .context -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
app.kubernetes.io/version: {{ $ctx.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ trimPrefix "stickyip-" .name }}
app.kubernetes.io/part-of: stickyip
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/*
Image reference of a stickyip component: include "stickyip.image" (dict "name" "webhook" "context" $)
  <image.registry>/stickyip-<name>:<image.tag, default the chart's appVersion>
*/}}
{{- define "stickyip.image" -}}
{{- $img := .context.Values.image -}}
{{- printf "%s/stickyip-%s:%s" $img.registry .name (default .context.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{/* The pull policy line of every stickyip container. */}}
{{- define "stickyip.pullPolicy" -}}
imagePullPolicy: {{ .Values.image.pullPolicy }}
{{- end -}}

{{/*
etcd's client endpoints as the webhook and the controller get them (STICKYIP_ETCD_ENDPOINTS):
one URL per member of the bundled StatefulSet (jetcd resolves each endpoint to one address, so
the headless name alone would pin one member), or etcd.external.endpoints.
*/}}
{{- define "stickyip.etcdEndpoints" -}}
{{- if .Values.etcd.external.enabled -}}
{{- join "," .Values.etcd.external.endpoints -}}
{{- else -}}
{{- $urls := list -}}
{{- range $i := until (int .Values.etcd.replicas) -}}
{{- $urls = append $urls (printf "https://stickyip-etcd-%d.stickyip-etcd.%s.svc:2379" $i $.Release.Namespace) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}
{{- end -}}

{{/*
Pod anti-affinity on the node of one component: include "stickyip.antiAffinity" (dict "name" "stickyip-webhook" "mode" "required")
  required: never two replicas on one node; preferred: spread when possible; none: nothing.
*/}}
{{- define "stickyip.antiAffinity" -}}
{{- if eq .mode "required" }}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
  - topologyKey: kubernetes.io/hostname
    labelSelector:
      matchLabels:
        app.kubernetes.io/name: {{ .name }}
{{- else if eq .mode "preferred" }}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
  - weight: 100
    podAffinityTerm:
      topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          app.kubernetes.io/name: {{ .name }}
{{- end }}
{{- end -}}

{{/* The KubeSchedulerConfiguration extender block pointing at the extender Service (NOTES.txt, the dedicated scheduler). */}}
{{- define "stickyip.extenderUrl" -}}
https://stickyip-extender.{{ .Release.Namespace }}.svc:443
{{- end -}}

{{/*
The AWS variables of the controller and the agents (cloud.provider=aws, docs/aws.md): the
cluster's name, the region, and the credentials from a Secret when one is named (otherwise the
SDK's default chain: IRSA, Pod Identity, instance profile).
*/}}
{{- define "stickyip.awsEnv" -}}
- {name: STICKYIP_CLUSTER_NAME, value: {{ .Values.cloud.clusterName | quote }}}
{{- with .Values.cloud.aws.region }}
- {name: STICKYIP_AWS_REGION, value: {{ . | quote }}}
{{- end }}
{{- with .Values.cloud.aws.credentialsSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom: {secretKeyRef: {name: {{ . }}, key: AWS_ACCESS_KEY_ID}}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom: {secretKeyRef: {name: {{ . }}, key: AWS_SECRET_ACCESS_KEY}}
- name: AWS_SESSION_TOKEN
  valueFrom: {secretKeyRef: {name: {{ . }}, key: AWS_SESSION_TOKEN, optional: true}}
{{- end }}
{{- end -}}

{{/* The CRD's metadata block: its name, the chart's labels, and the keep policy with crds.keep. */}}
{{- define "stickyip.crdMetadata" -}}
metadata:
  name: "ippools.stickyip.io"
  labels:
    {{- include "stickyip.labels" (dict "name" "stickyip-crds" "context" $) | nindent 4 }}
  {{- if .Values.crds.keep }}
  annotations:
    helm.sh/resource-policy: keep
  {{- end }}
{{ end -}}
