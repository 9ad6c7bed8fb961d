# The four Conveyor services, each as RECEIVER_INSTANCES (etc.) processes. Instance i of a service
# listens on its base port + 10*i, the same ports Prometheus scrapes.
# shellcheck shell=bash

CONVEYOR_SERVICES="receiver processor converter informer"

service_base_port() {
  case $1 in
    receiver) echo "$RECEIVER_PORT" ;; processor) echo "$PROCESSOR_PORT" ;;
    converter) echo "$CONVERTER_PORT" ;; informer) echo "$INFORMER_PORT" ;;
  esac
}

service_instances() {
  local var; var="$(echo "$1" | tr '[:lower:]' '[:upper:]')_INSTANCES"
  echo "${!var:-1}"
}

service_ready() { curl -sf "http://$STACK_HOST:$1/readyz" >/dev/null; }

services_start() {
  local svc i port name portvar
  for svc in $CONVEYOR_SERVICES; do
    for ((i = 0; i < $(service_instances "$svc"); i++)); do
      name="svc-$svc-$i"; port=$(( $(service_base_port "$svc") + 10 * i ))
      if running_pid "$name" >/dev/null; then info "$name already running"; continue; fi
      require_free_port "$name" "$port" || return 1
      portvar="$(echo "$svc" | tr '[:lower:]' '[:upper:]')_PORT"
      echo "$STACK_HOST:$port" > "$STACK_RUN/$name.addr"
      spawn "$name" -- env "$portvar=$port" HOST="$STACK_HOST" KAFKA_BROKERS="$(kafka_bootstrap)" \
        "$STACK_DIR/node/bin/node" "$STACK_SRC/../src/services/$svc/main.ts"
    done
  done
  for svc in $CONVEYOR_SERVICES; do
    for ((i = 0; i < $(service_instances "$svc"); i++)); do
      port=$(( $(service_base_port "$svc") + 10 * i ))
      # The Informer is ready once it has replayed both topics, which takes longer the more
      # jobs they retain (about 1 min per 2M jobs here): it gets its own, longer, timeout.
      if [ "$svc" = informer ]; then
        STACK_READY_TIMEOUT=$INFORMER_READY_TIMEOUT wait_ready "svc-$svc-$i" "/readyz 200 (view replayed)" service_ready "$port" || return 1
      else
        wait_ready "svc-$svc-$i" "/readyz 200" service_ready "$port" || return 1
      fi
    done
  done
}

services_stop() {
  local f pids=()
  shopt -s nullglob
  for f in "$STACK_RUN"/svc-*.pid; do stop_component "$(basename "$f" .pid)" & pids+=($!); done
  # Wait for these stops only: a bare `wait` would also wait for the daemons this shell spawned.
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}"
}
