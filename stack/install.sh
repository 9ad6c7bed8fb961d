#!/usr/bin/env bash
# Installs whatever the local stack lacks. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
source stack/env.sh
source stack/lib.sh

# chromium renders the load report in its test (headless, driven by playwright-core); python3-venv
# holds schemathesis for the API fuzz test; wrk drives the Receiver benchmark.
DEBIAN_PACKAGES=(openjdk-17-jre-headless maven postgresql clickhouse-server clickhouse-client
  prometheus iproute2 procps curl ca-certificates chromium python3 python3-venv wrk acl)

check_platform() {
  if [ "$(id -u)" -ne 0 ]; then
    fail "the local stack installs Debian packages and runs PostgreSQL as the postgres user: run as root"
    info "or install yourself: ${DEBIAN_PACKAGES[*]}, Node.js >= 24; or use docker-compose (deploy/)"
    exit 1
  fi
  if [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null; then
    fail "the local stack is made for Debian 12 (apt-get); this machine is not Debian"
    info "install: Java 17, Maven, PostgreSQL 15+, ClickHouse, Prometheus, Node.js >= 24;"
    info "or run everything with docker-compose instead (deploy/)"
    exit 1
  fi
}

install_debian_packages() {
  local missing=() p
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then info "Debian packages present"; return; fi
  step "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Jars are fetched again only when stack/pom.xml changes.
install_jars() {
  local stamp="$STACK_LIB/.pom.sha256" want
  want=$(sha256sum stack/pom.xml | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then info "Kafka, Connect and JDBC sink jars present"; return; fi
  step "fetching Kafka, Kafka Connect and the Debezium JDBC sink from Maven Central"
  rm -rf "$STACK_LIB"; mkdir -p "$STACK_LIB/jars" "$STACK_LIB/plugins"
  mvn -q -B -f stack/pom.xml dependency:copy-dependencies -DoutputDirectory="$STACK_LIB/jars"
  mvn -q -B -f stack/pom.xml dependency:copy -DoutputDirectory="$STACK_LIB/download"
  tar -xzf "$STACK_LIB"/download/debezium-connector-jdbc-*-plugin.tar.gz -C "$STACK_LIB/plugins"
  rm -rf "$STACK_LIB/download"
  echo "$want" > "$stamp"
  info "$(ls "$STACK_LIB/jars" | wc -l) jars, plugin: $(ls "$STACK_LIB/plugins")"
}

# Node 24 LTS comes from the npm registry's `node` package, which ships the binary.
install_node() {
  local want_major=24 dir="$STACK_DIR/node"
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" -p 'process.versions.node.split(".")[0]')" = "$want_major" ]; then
    info "Node $("$dir/bin/node" --version) present"
  else
    step "installing Node $want_major LTS into $dir"
    command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm
    rm -rf "$dir"; mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir/pkg" "node@$want_major" >/dev/null
    mkdir -p "$dir/bin"
    ln -sf "$(readlink -f "$dir/pkg/node_modules/node/bin/node")" "$dir/bin/node"
    info "Node $("$dir/bin/node" --version)"
  fi
}

install_node_modules() {
  local stamp="node_modules/.lock.sha256" want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then info "node_modules present"; return; fi
  step "installing npm dependencies (npm ci)"
  PATH="$STACK_DIR/node/bin:$PATH" npm ci --no-audit --no-fund --silent
  echo "$want" > "$stamp"
}

check_platform
step "checking what is installed"
install_debian_packages
install_jars
install_node
install_node_modules
