{{/*
The chart's name, or nameOverride.
*/}}
{{- define "sigil.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The fully qualified name of the release's resources, at most 63 characters (a DNS label). A release
whose name already contains the chart name is not repeated.
*/}}
{{- define "sigil.fullname" -}}
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

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "sigil.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource of the server.
*/}}
{{- define "sigil.labels" -}}
{{ include "sigil.labelsFor" (list . "server") }}
{{- end }}

{{/*
Labels of a resource of one component (server, metrics, test): called with (list $ "component").
*/}}
{{- define "sigil.labelsFor" -}}
{{- $ctx := index . 0 -}}
helm.sh/chart: {{ include "sigil.chart" $ctx }}
{{ include "sigil.selectorLabelsFor" . }}
app.kubernetes.io/version: {{ $ctx.Values.image.tag | default $ctx.Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
app.kubernetes.io/part-of: sigil
{{- with $ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Labels that select the server pods. They never change across upgrades (Deployment selectors are
immutable).
*/}}
{{- define "sigil.selectorLabels" -}}
{{ include "sigil.selectorLabelsFor" (list . "server") }}
{{- end }}

{{/*
Labels that select one component: called with (list $ "component").
*/}}
{{- define "sigil.selectorLabelsFor" -}}
{{- $ctx := index . 0 -}}
app.kubernetes.io/name: {{ include "sigil.name" $ctx }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/*
The ServiceAccount the pods run as.
*/}}
{{- define "sigil.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sigil.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The server image: repository@digest when a digest is given, else repository:tag.
*/}}
{{- define "sigil.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
Name of the internal Service (the machine token API).
*/}}
{{- define "sigil.internalServiceName" -}}
{{- printf "%s-internal" (include "sigil.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{/*
Name of the admin Service (the management API and the admin UI).
*/}}
{{- define "sigil.adminServiceName" -}}
{{- printf "%s-admin" (include "sigil.fullname" . | trunc 57 | trimSuffix "-") }}
{{- end }}

{{/*
Name of the metrics Service (the management port, for the ServiceMonitor's scrapes). Prometheus
names the scrapes' job after it.
*/}}
{{- define "sigil.metricsServiceName" -}}
{{- printf "%s-metrics" (include "sigil.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{/*
PromQL label matchers that select this release's series: alerts.selector, else the namespace and
job the ServiceMonitor's scrapes get.
*/}}
{{- define "sigil.alertSelector" -}}
{{- default (printf "namespace=%q, job=%q" .Release.Namespace (include "sigil.metricsServiceName" .)) .Values.alerts.selector }}
{{- end }}

{{/*
A duration as the server and the schema spell it (`<n>ms|s|m|h|d`), in milliseconds.
*/}}
{{- define "sigil.durationMillis" -}}
{{- $amount := regexFind "^[0-9]+" . }}
{{- mul (int64 $amount) (get (dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000 "d" 86400000) (trimPrefix $amount .)) }}
{{- end }}

{{/*
Milliseconds as seconds for a PromQL comparison: a whole number when it is one.
*/}}
{{- define "sigil.millisAsSeconds" -}}
{{- $millis := int64 . }}
{{- if eq (mod $millis 1000) 0 }}
{{- div $millis 1000 }}
{{- else }}
{{- printf "%.3f" (divf $millis 1000) }}
{{- end }}
{{- end }}

{{/*
Name of the Secret the pods read: the operator's existing Secret, or the one the chart makes.
*/}}
{{- define "sigil.secretName" -}}
{{- default (include "sigil.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/*
The public base URL of the issuers: issuer.baseUrl, else derived from the Ingress host.
*/}}
{{- define "sigil.issuerBaseUrl" -}}
{{- if .Values.issuer.baseUrl }}
{{- .Values.issuer.baseUrl }}
{{- else if and .Values.ingress.enabled .Values.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- end }}
{{- end }}

{{/*
Where the database's CA certificate is mounted (postgresql.tls.caSecret).
*/}}
{{- define "sigil.postgresqlCaDirectory" -}}
/etc/sigil/postgresql-ca
{{- end }}

{{/*
Where the outside issuers' CA certificates are mounted (config.federation.caSecret).
*/}}
{{- define "sigil.federationCaDirectory" -}}
/etc/sigil/federation-ca
{{- end }}

{{/*
The JDBC URL of the database, in postgresql.schema (Flyway creates and migrates it; the server
checks that SIGIL_DB_SCHEMA names the same). The CA of postgresql.tls becomes sslrootcert (a file)
or sslfactory (the JVM's trust store).
*/}}
{{- define "sigil.datasourceUrl" -}}
{{- $pg := .Values.postgresql }}
{{- $url := printf "jdbc:postgresql://%s:%d/%s?currentSchema=%s&sslmode=%s" $pg.host (int $pg.port) $pg.database $pg.schema $pg.sslmode }}
{{- if $pg.tls.caSecret }}
{{- $url = printf "%s&sslrootcert=%s" $url (printf "%s/ca.crt" (include "sigil.postgresqlCaDirectory" .) | urlquery) }}
{{- else if $pg.tls.javaTrustStore }}
{{- $url = printf "%s&sslfactory=%s" $url ("org.postgresql.ssl.DefaultJavaSSLFactory" | urlquery) }}
{{- end }}
{{- range $key, $value := $pg.parameters }}
{{- $url = printf "%s&%s=%s" $url $key (toString $value | urlquery) }}
{{- end }}
{{- $url }}
{{- end }}

{{/*
"true" when Flyway migrates as an owner role of its own: a user name given, or read from the owner's
existing Secret.
*/}}
{{- define "sigil.dbOwner" -}}
{{- $owner := .Values.postgresql.owner }}
{{- if or $owner.username (and $owner.existingSecret $owner.existingSecretUsernameKey) }}true{{ end }}
{{- end }}

{{/*
Whether the chart makes a Secret: only when the operator gives no existing one.
*/}}
{{- define "sigil.createSecret" -}}
{{- if not .Values.secrets.existingSecret }}true{{ end }}
{{- end }}

{{/*
"true" when a value that may be an integer, a percentage or empty is given: 0 counts, "" and null do not.
*/}}
{{- define "sigil.isSet" -}}
{{- if not (or (kindIs "invalid" .) (eq (toString .) "")) }}true{{ end }}
{{- end }}

{{/*
Invalid combinations of values, each refused with what to do instead. Called by the Deployment so
that every render checks them.
*/}}
{{- define "sigil.validate" -}}
{{- $secrets := .Values.secrets }}
{{- $pg := .Values.postgresql }}
{{- if $secrets.existingSecret }}
{{- if or $secrets.kek $secrets.kekPrevious $secrets.bootstrapAdminToken $secrets.adminPassword }}
{{- fail "secrets.existingSecret is set, so the chart makes no Secret: put SIGIL_KEK, SIGIL_KEK_PREVIOUS, SIGIL_BOOTSTRAP_ADMIN_TOKEN and SIGIL_ADMIN_PASSWORD in that Secret and leave secrets.kek, secrets.kekPrevious, secrets.bootstrapAdminToken and secrets.adminPassword empty." }}
{{- end }}
{{- if and $pg.password (not $pg.existingSecret) }}
{{- fail "postgresql.password would go into the chart's Secret, which is not made when secrets.existingSecret is set: put SPRING_DATASOURCE_PASSWORD in that Secret, or use postgresql.existingSecret." }}
{{- end }}
{{- else }}
{{- if not $secrets.kek }}
{{- fail "secrets.kek is required: the key-encryption key that seals the signing keys (base64 of 32 random bytes, e.g. `openssl rand -base64 32`). The chart never generates one. Set secrets.kek, or secrets.existingSecret to a Secret with a SIGIL_KEK key." }}
{{- end }}
{{- if and (not $pg.password) (not $pg.existingSecret) }}
{{- fail "The database password is missing: set postgresql.existingSecret (a Secret with the password), or postgresql.password." }}
{{- end }}
{{- end }}
{{- if and $pg.password $pg.existingSecret }}
{{- fail "Set either postgresql.password or postgresql.existingSecret, not both." }}
{{- end }}
{{- if eq .Values.keyStore.type "pkcs11" }}
{{- $p11 := .Values.keyStore.pkcs11 }}
{{- if not $p11.library }}
{{- fail "keyStore.type is pkcs11: set keyStore.pkcs11.library to the path of the HSM vendor's PKCS#11 module in the container (mount it with keyStore.pkcs11.libraryVolume)." }}
{{- end }}
{{- if eq (empty $p11.tokenLabel) (kindIs "invalid" $p11.slot) }}
{{- fail "keyStore.type is pkcs11: set exactly one of keyStore.pkcs11.tokenLabel and keyStore.pkcs11.slot to name the token that holds the keys." }}
{{- end }}
{{- if not $p11.pinSecret }}
{{- fail "keyStore.type is pkcs11: set keyStore.pkcs11.pinSecret to a Secret holding the token's user PIN (key keyStore.pkcs11.pinSecretKey)." }}
{{- end }}
{{- end }}
{{- $owner := $pg.owner }}
{{- if include "sigil.dbOwner" . }}
{{- if and $owner.password $owner.existingSecret }}
{{- fail "Set either postgresql.owner.password or postgresql.owner.existingSecret, not both." }}
{{- end }}
{{- if and $secrets.existingSecret $owner.password }}
{{- fail "postgresql.owner.password would go into the chart's Secret, which is not made when secrets.existingSecret is set: put SIGIL_DB_OWNER_PASSWORD in that Secret, or use postgresql.owner.existingSecret." }}
{{- end }}
{{- if not (or $secrets.existingSecret $owner.existingSecret $owner.password) }}
{{- fail "The database owner's password is missing: postgresql.owner.username is set, so set postgresql.owner.existingSecret (a Secret with the owner's password), or postgresql.owner.password." }}
{{- end }}
{{- if and $owner.username (not $owner.existingSecretUsernameKey) (not $pg.existingSecretUsernameKey) (eq $owner.username $pg.username) }}
{{- fail (printf "postgresql.owner.username and postgresql.username are both %q: the owner migrates and the application role serves, so they must be two roles. For a single role (development only), leave postgresql.owner.username empty." $pg.username) }}
{{- end }}
{{- else if or $owner.password $owner.existingSecret }}
{{- fail "postgresql.owner.password or postgresql.owner.existingSecret is set without an owner: name the owner role in postgresql.owner.username (or postgresql.owner.existingSecretUsernameKey)." }}
{{- end }}
{{- $tls := $pg.tls }}
{{- $ownTrust := or (hasKey $pg.parameters "sslrootcert") (hasKey $pg.parameters "sslfactory") }}
{{- $verifying := has $pg.sslmode (list "verify-ca" "verify-full") }}
{{- if and $tls.caSecret $tls.javaTrustStore }}
{{- fail "Set either postgresql.tls.caSecret (the CA that signed the database's certificate) or postgresql.tls.javaTrustStore (a certificate from a public CA), not both." }}
{{- end }}
{{- if and (or $tls.caSecret $tls.javaTrustStore) $ownTrust }}
{{- fail "postgresql.parameters sets sslrootcert or sslfactory, and so does postgresql.tls: use one of them (postgresql.tls.caSecret mounts the CA for you)." }}
{{- end }}
{{- if and $verifying (not (or $tls.caSecret $tls.javaTrustStore $ownTrust)) }}
{{- fail (printf "postgresql.sslmode=%s verifies the database server's certificate, so the server needs the CA that signed it. Make a Secret with the CA certificate (kubectl create secret generic sigil-db-ca --from-file=ca.crt=./ca.crt) and set postgresql.tls.caSecret=sigil-db-ca; or, if the certificate chains to a public CA (many managed databases), set postgresql.tls.javaTrustStore=true. Only for a database whose certificate cannot be verified: postgresql.sslmode=require (encrypted, but the server is not authenticated)." $pg.sslmode) }}
{{- end }}
{{- if and (not $verifying) (or $tls.caSecret $tls.javaTrustStore) }}
{{- fail (printf "postgresql.tls.caSecret and postgresql.tls.javaTrustStore take effect only with postgresql.sslmode verify-full or verify-ca; with %s the server's certificate is not checked. Set postgresql.sslmode=verify-full." $pg.sslmode) }}
{{- end }}
{{- if not $pg.host }}
{{- fail "postgresql.host is required: the host name of the PostgreSQL server (e.g. sigil-db-rw.databases.svc for a CloudNativePG cluster named sigil-db)." }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) }}
{{- fail "ingress.enabled needs ingress.host: the host name relying parties use to fetch the discovery documents and JWKS." }}
{{- end }}
{{- if not (include "sigil.issuerBaseUrl" .) }}
{{- fail "issuer.baseUrl is required (e.g. https://id.example.com): the public URL every org's issuer starts with. It is derived from ingress.host only when the Ingress is enabled." }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not (kindIs "invalid" .Values.replicaCount)) }}
{{- fail "autoscaling.enabled lets the HorizontalPodAutoscaler own the number of replicas: set replicaCount to null (`replicaCount: null`, or --set replicaCount=null) and use autoscaling.minReplicas and autoscaling.maxReplicas." }}
{{- end }}
{{- if and (not .Values.autoscaling.enabled) (kindIs "invalid" .Values.replicaCount) }}
{{- fail "replicaCount is required unless autoscaling.enabled is true." }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not be greater than autoscaling.maxReplicas." }}
{{- end }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- $minAvailable := include "sigil.isSet" $pdb.minAvailable }}
{{- $maxUnavailable := include "sigil.isSet" $pdb.maxUnavailable }}
{{- if and $pdb.enabled $minAvailable $maxUnavailable }}
{{- fail "podDisruptionBudget: set either minAvailable or maxUnavailable, not both (set the other to \"\")." }}
{{- end }}
{{- if and $pdb.enabled (not $minAvailable) (not $maxUnavailable) }}
{{- fail "podDisruptionBudget.enabled needs minAvailable or maxUnavailable." }}
{{- end }}
{{- if and .Values.alerts.enabled (not .Values.serviceMonitor.enabled) (not .Values.alerts.selector) }}
{{- fail "alerts.enabled: the rules select the series of the ServiceMonitor's scrapes, and serviceMonitor.enabled is false. Set serviceMonitor.enabled=true, or alerts.selector to the PromQL label matchers your Prometheus gives this server's series (e.g. job=\"sigil\", namespace=\"identity\")." }}
{{- end }}
{{- range .Values.extraEnv }}
{{- if has .name (list "SIGIL_DEV_MODE" "SIGIL_DEV_KEK_FILE") }}
{{- fail (printf "extraEnv sets %s: the chart refuses development mode, which keeps a key-encryption key in the clear in the pod's file system and loses it with the pod. Set secrets.kek (or SIGIL_KEK in secrets.existingSecret) instead." .name) }}
{{- end }}
{{- end }}
{{- $ports := list (int .Values.ports.public) (int .Values.ports.internal) (int .Values.ports.admin) (int .Values.ports.management) }}
{{- if ne (len (uniq $ports)) 4 }}
{{- fail "ports.public, ports.internal, ports.admin and ports.management must be four different ports: each serves only its own paths." }}
{{- end }}
{{- end }}
