# Kafka with SASL/SCRAM over TLS (KAFKA_SECURITY=scram-tls): every client listener is SASL_SSL.
# Certificates and passwords are generated on first start under $STACK_DIR/kafka/security (never
# committed); SCRAM credentials are written into the metadata log when storage is formatted, so the
# broker needs no running cluster to create its first users. The controller quorum stays PLAINTEXT
# on loopback. Only defines functions: up.sh sources every component file.
# shellcheck shell=bash

kafka_secure_enabled() { [ "${KAFKA_SECURITY:-plaintext}" = scram-tls ]; }
kafka_secure_dir() { printf '%s/kafka/security' "$STACK_DIR"; }
kafka_secure_mechanism() { printf '%s' "${KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}"; }

# A user's password: read from its file, or created (from $2 if given, else random) on first use.
# Hex only, because it is embedded in --add-scram's [name=..,password=..] and in JAAS quotes.
kafka_secure_password() {
  local f; f="$(kafka_secure_dir)/$1.password"
  if [ ! -s "$f" ]; then
    (umask 077; printf '%s' "${2:-$(openssl rand -hex 24)}" > "$f")
  fi
  cat "$f"
}

# A CA, and one broker certificate it signs (SAN 127.0.0.1/localhost: every node binds STACK_HOST).
kafka_secure_certs() {
  local d; d=$(kafka_secure_dir)
  mkdir -p "$d" && chmod 700 "$d"
  [ -s "$d/broker.p12" ] && [ -s "$d/truststore.p12" ] && return 0
  local pw; pw=$(kafka_secure_password keystore)
  {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
      -subj '/CN=Conveyor local Kafka CA' -keyout "$d/ca.key" -out "$d/ca.pem" &&
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$STACK_HOST" \
      -keyout "$d/broker.key" -out "$d/broker.csr" &&
    printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' \
      "$STACK_HOST" > "$d/broker.ext" &&
    openssl x509 -req -in "$d/broker.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 365 \
      -extfile "$d/broker.ext" -out "$d/broker.pem" &&
    openssl pkcs12 -export -name broker -inkey "$d/broker.key" -in "$d/broker.pem" -certfile "$d/ca.pem" \
      -passout "pass:$pw" -out "$d/broker.p12" &&
    keytool -importcert -noprompt -alias ca -file "$d/ca.pem" -storetype PKCS12 \
      -keystore "$d/truststore.p12" -storepass "$pw"
  } >/dev/null 2>&1 || { fail "generating Kafka TLS certificates in $d failed"; return 1; }
  chmod 600 "$d"/*
  info "generated a CA ($d/ca.pem) and a broker keystore for $STACK_HOST"
}

# Java client settings for the stack's own tools (TopicCommand --command-config), as the admin user.
kafka_secure_client_config() {
  local d; d=$(kafka_secure_dir)
  (umask 077; cat > "$d/client.properties" <<CFG
security.protocol=SASL_SSL
sasl.mechanism=$(kafka_secure_mechanism)
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(kafka_secure_password admin)";
ssl.truststore.type=PKCS12
ssl.truststore.location=$d/truststore.p12
ssl.truststore.password=$(kafka_secure_password keystore)
CFG
  )
  printf '%s/client.properties' "$d"
}

# The plaintext config of kafka.sh, with its listeners replaced by SASL_SSL ones.
kafka_secure_write_config() {
  local n=$1 d f jaas; d=$(kafka_secure_dir); f="$(kafka_node_dir "$n")/server.properties"
  kafka_write_config "$n"
  local port=$((KAFKA_PORT + n - 1)) ctl=$((KAFKA_CONTROLLER_PORT + n - 1))
  sed -i -E '/^(listeners|advertised\.listeners|listener\.security\.protocol\.map|inter\.broker\.listener\.name)=/d' "$f"
  jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$(kafka_secure_password admin)\";"
  cat >> "$f" <<CFG
# KAFKA_SECURITY=scram-tls (stack/components/kafka-secure.sh)
listeners=SASL_SSL://$STACK_HOST:$port,CONTROLLER://$STACK_HOST:$ctl
advertised.listeners=SASL_SSL://$STACK_HOST:$port
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$jaas
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=$jaas
ssl.keystore.type=PKCS12
ssl.keystore.location=$d/broker.p12
ssl.keystore.password=$(kafka_secure_password keystore)
ssl.truststore.type=PKCS12
ssl.truststore.location=$d/truststore.p12
ssl.truststore.password=$(kafka_secure_password keystore)
ssl.client.auth=none
CFG
  chmod 600 "$f"   # it holds the keystore and admin passwords
}

# --add-scram arguments for both mechanisms of the broker's admin user and the services' user.
kafka_secure_scram_args() {
  local user pw m
  for user in admin "${KAFKA_SASL_USERNAME:-conveyor}"; do
    if [ "$user" = admin ]; then pw=$(kafka_secure_password admin)
    else pw=$(kafka_secure_password "$user" "${KAFKA_SASL_PASSWORD:-}"); fi
    for m in SCRAM-SHA-512 SCRAM-SHA-256; do printf -- '--add-scram\n%s=[name=%s,password=%s]\n' "$m" "$user" "$pw"; done
  done
}

# $1: client config file, $2: host:port (the order kafka_start_nodes calls probes in).
kafka_secure_metadata_ok() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$2" --command-config "$1" --list
}

# Same lifecycle as kafka_start (pid files, logs, readiness), with security set up first.
kafka_secure_start() {
  local cfg scram
  if [[ -n "${KAFKA_SASL_PASSWORD:-}" && ! "$KAFKA_SASL_PASSWORD" =~ ^[A-Za-z0-9._-]+$ ]]; then
    fail "KAFKA_SASL_PASSWORD may hold only letters, digits and . _ - (it is embedded in --add-scram and JAAS)"
    return 1
  fi
  kafka_secure_certs || return 1
  cfg=$(kafka_secure_client_config)
  mapfile -t scram < <(kafka_secure_scram_args)
  # Formatting a node's storage creates the SCRAM users admin and ${KAFKA_SASL_USERNAME:-conveyor}.
  KAFKA_FORMAT_ARGS=("${scram[@]}")
  kafka_start_nodes kafka_secure_write_config "SASL_SSL metadata request" kafka_secure_metadata_ok "$cfg"
}

kafka_secure_create_topics() {
  local t cfg; cfg=$(kafka_secure_client_config)
  for t in "$@"; do
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_bootstrap)" --command-config "$cfg" \
      --create --if-not-exists --topic "$t" --partitions "$KAFKA_PARTITIONS" --replication-factor "$KAFKA_RF" \
      >/dev/null || { fail "creating topic $t failed"; return 1; }
  done
  info "topics ready (SASL_SSL): $*"
}

# The services' environment for the secured brokers, one VAR=value per line (for `env`).
kafka_secure_client_env() {
  local user="${KAFKA_SASL_USERNAME:-conveyor}"
  printf '%s\n' "KAFKA_SASL_MECHANISM=$(kafka_secure_mechanism)" "KAFKA_SASL_USERNAME=$user" \
    "KAFKA_SASL_PASSWORD=$(kafka_secure_password "$user" "${KAFKA_SASL_PASSWORD:-}")" \
    "KAFKA_TLS=true" "KAFKA_TLS_CA_FILE=$(kafka_secure_dir)/ca.pem"
}
