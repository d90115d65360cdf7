{{/* The release's full name, at most 63 characters. */}}
{{- define "skyless.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "skyless.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end -}}

{{- define "skyless.labels" -}}
{{ include "skyless.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "skyless.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "skyless.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "skyless.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "skyless.configMapName" -}}
{{- printf "%s-config" (include "skyless.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The controller's permissions, one list for the ClusterRole (all namespaces) and the Roles
(watchNamespaces). Exactly what the controller calls; the chart tests compare this with the API
calls the controller makes against a mock API server.
*/}}
{{- define "skyless.functionRules" -}}
- apiGroups: ["skyless.dev"]
  resources: ["functions"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["skyless.dev"]
  resources: ["functions/status"]
  verbs: ["patch"]
- apiGroups: ["serving.knative.dev"]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["sources.knative.dev"]
  resources: ["kafkasources", "pingsources"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["eventing.knative.dev"]
  resources: ["kafkasinks", "triggers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["referencegrants"]
  verbs: ["get", "create", "update"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}

{{/* Cluster-wide, read-only: the prerequisite checks look up CRDs by name; JOSDK checks its own
Lease permissions with a SelfSubjectRulesReview. */}}
{{- define "skyless.clusterRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get"]
- apiGroups: ["authorization.k8s.io"]
  resources: ["selfsubjectrulesreviews"]
  verbs: ["create"]
{{- end -}}

{{/* In the controller's namespace: the platform ConfigMap (watched: an edit reconciles every
Function), the leader-election Lease, and the Secret with the trigger-token key (made on first
start). */}}
{{- define "skyless.selfRules" -}}
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create"]
{{- end -}}
