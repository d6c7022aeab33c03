{{/* Chart name, truncated for label limits. */}}
{{- define "model-prism.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped resource name. */}}
{{- define "model-prism.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "model-prism.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "model-prism.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "model-prism.selectorLabels" -}}
app.kubernetes.io/name: {{ include "model-prism.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "model-prism.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "model-prism.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "model-prism.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Name of the Secret with JWT_SECRET and ENCRYPTION_KEY. */}}
{{- define "model-prism.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "model-prism.fullname" .) }}
{{- end }}

{{- define "model-prism.mongodbName" -}}
{{- printf "%s-mongodb" (include "model-prism.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The MongoDB URI the chart knows (bundled or externalMongodb.uri); empty when it comes from a Secret. */}}
{{- define "model-prism.mongodbUri" -}}
{{- if .Values.mongodb.enabled }}
{{- $name := include "model-prism.mongodbName" . }}
{{- printf "mongodb://%s-0.%s.%s.svc:27017/%s?replicaSet=rs0" $name $name .Release.Namespace .Values.mongodb.database }}
{{- else }}
{{- .Values.externalMongodb.uri }}
{{- end }}
{{- end }}

{{/* Secret and key that hold MONGODB_URI. Fails when no source is configured. */}}
{{- define "model-prism.mongodbSecretName" -}}
{{- if and (not .Values.mongodb.enabled) .Values.externalMongodb.existingSecret }}
{{- .Values.externalMongodb.existingSecret }}
{{- else if or .Values.mongodb.enabled .Values.externalMongodb.uri }}
{{- printf "%s-mongodb-uri" (include "model-prism.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- fail "MongoDB: set mongodb.enabled=true, externalMongodb.uri or externalMongodb.existingSecret" }}
{{- end }}
{{- end }}

{{- define "model-prism.mongodbSecretKey" -}}
{{- if and (not .Values.mongodb.enabled) .Values.externalMongodb.existingSecret }}
{{- .Values.externalMongodb.existingSecretKey | default "MONGODB_URI" }}
{{- else }}
{{- "MONGODB_URI" }}
{{- end }}
{{- end }}

{{/*
One application pod template. Call with (dict "ctx" $ "role" "full|control|worker" "component" "app|control|worker"
"resources" <map>).
*/}}
{{- define "model-prism.podTemplate" -}}
{{- $ctx := .ctx -}}
{{- $v := $ctx.Values -}}
metadata:
  labels:
    {{- include "model-prism.selectorLabels" $ctx | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
  annotations:
    checksum/config: {{ include (print $ctx.Template.BasePath "/configmap.yaml") $ctx | sha256sum }}
    {{- if not $v.secrets.existingSecret }}
    checksum/secret: {{ include (print $ctx.Template.BasePath "/secret.yaml") $ctx | sha256sum }}
    {{- end }}
    {{- with $v.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  serviceAccountName: {{ include "model-prism.serviceAccountName" $ctx }}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
  {{- with $v.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: model-prism
      image: {{ include "model-prism.image" $ctx | quote }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      {{- with $v.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - name: http
          containerPort: 3000
          protocol: TCP
      env:
        - name: NODE_ROLE
          value: {{ .role | quote }}
        - name: MONGODB_URI
          valueFrom:
            secretKeyRef:
              name: {{ include "model-prism.mongodbSecretName" $ctx }}
              key: {{ include "model-prism.mongodbSecretKey" $ctx }}
        {{- with $v.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      envFrom:
        - configMapRef:
            name: {{ include "model-prism.fullname" $ctx }}
        - secretRef:
            name: {{ include "model-prism.secretName" $ctx }}
      livenessProbe:
        httpGet:
          path: /health
          port: http
        initialDelaySeconds: {{ ternary 10 15 (eq .role "worker") }}
        periodSeconds: {{ ternary 15 20 (eq .role "worker") }}
        timeoutSeconds: 5
        failureThreshold: 3
      readinessProbe:
        httpGet:
          path: /health
          port: http
        initialDelaySeconds: 5
        periodSeconds: 10
        timeoutSeconds: 3
        failureThreshold: 3
      lifecycle:
        preStop:
          # lets the Service stop sending new requests before gunicorn starts its graceful stop
          exec:
            command: ["sleep", "5"]
      resources:
        {{- toYaml (.resources | default $v.resources) | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- with $v.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
    {{- with $v.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
