# Shared helpers for the stack scripts: step logging, process lifecycle, readiness polling.
# shellcheck shell=bash

step() { printf '\033[1m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\033[31mERROR:\033[0m %s\n' "$*" >&2; }

pid_file() { printf '%s/%s.pid' "$STACK_RUN" "$1"; }
log_file() { printf '%s/%s.log' "$STACK_LOGS" "$1"; }

# The pid of a component if it is alive, else nothing.
running_pid() {
  local f pid
  f=$(pid_file "$1")
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then printf '%s' "$pid"; return 0; fi
  rm -f "$f"
  return 1
}

# Names the process that holds a TCP port, so a clash is reported with its culprit.
port_holder() {
  local line pid
  line=$(ss -Hltnp "sport = :$1" 2>/dev/null | head -n1)
  [ -n "$line" ] || return 0
  pid=$(grep -o 'pid=[0-9]*' <<<"$line" | head -n1 | cut -d= -f2)
  if [ -n "$pid" ]; then printf 'pid %s (%s)' "$pid" "$(ps -o args= -p "$pid" | cut -c1-100)"; else printf 'another process'; fi
}

require_free_port() {
  local name=$1 port=$2 holder
  holder=$(port_holder "$port")
  if [ -n "$holder" ]; then
    fail "$name needs port $port, but it is held by: $holder"
    info "stop that process or choose another port (see stack/env.sh)"
    return 1
  fi
}

# Starts a command detached in its own session, logging to its log file.
# usage: spawn NAME [--as USER] -- CMD...
spawn() {
  local name=$1; shift
  local user=""
  if [ "$1" = "--as" ]; then user=$2; shift 2; fi
  [ "$1" = "--" ] && shift
  local log; log=$(log_file "$name")
  mkdir -p "$STACK_RUN" "$STACK_LOGS"
  if [ -n "$user" ]; then
    setsid runuser -u "$user" -- "$@" >>"$log" 2>&1 < /dev/null &
  else
    setsid "$@" >>"$log" 2>&1 < /dev/null &
  fi
  echo $! > "$(pid_file "$name")"
}

# Polls CHECK (a shell command) until it succeeds, the process dies, or the timeout passes.
# usage: wait_ready NAME DESCRIPTION CHECK...
wait_ready() {
  local name=$1 what=$2; shift 2
  local deadline=$((SECONDS + STACK_READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then info "$name ready ($what) after $((SECONDS - ${STEP_START:-0}))s"; return 0; fi
    if ! running_pid "$name" >/dev/null; then
      fail "$name exited before it was ready"; show_log_tail "$name"; return 1
    fi
    sleep 0.5
  done
  fail "$name not ready ($what) within ${STACK_READY_TIMEOUT}s"
  show_log_tail "$name"
  return 1
}

show_log_tail() {
  local log; log=$(log_file "$1")
  [ -f "$log" ] || return 0
  printf -- '---- last 30 lines of %s ----\n' "$log" >&2
  tail -n 30 "$log" >&2
  printf -- '----\n' >&2
}

# Signals the whole process group (SIGTERM unless STOP_SIGNAL says otherwise), wait, then SIGKILL what is left.
stop_component() {
  local name=$1 pid
  pid=$(running_pid "$name") || { rm -f "$(pid_file "$name")"; return 0; }
  local sig=${STOP_SIGNAL:-TERM}   # PostgreSQL takes INT: a fast shutdown that does not wait for clients
  kill "-$sig" -- "-$pid" 2>/dev/null || kill "-$sig" "$pid" 2>/dev/null
  local deadline=$((SECONDS + STACK_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.3; done
  if kill -0 "$pid" 2>/dev/null; then
    info "$name did not stop within ${STACK_STOP_TIMEOUT}s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$(pid_file "$name")"
  info "$name stopped"
}

# Resident memory of a component's process group in MiB.
component_rss_mib() {
  local pid=$1
  ps -o rss= -g "$pid" 2>/dev/null | awk '{s+=$1} END {printf "%d", s/1024}'
}

# Starts a JVM component from the jars fetched by stack/pom.xml.
# usage: spawn_java NAME HEAP MAIN_CLASS ARGS...
spawn_java() {
  local name=$1 heap=$2; shift 2
  spawn "$name" -- java "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true "-Dlog4j2.configurationFile=$STACK_SRC/conf/log4j2.properties" \
    "-Dkafka.logs.dir=$STACK_LOGS" -cp "$STACK_LIB/jars/*" "$@"
}

# Runs a Kafka command-line tool class in the foreground (topic admin, storage format).
kafka_tool() {
  java -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto \
    "-Dlog4j2.configurationFile=$STACK_SRC/conf/log4j2-tools.properties" \
    -cp "$STACK_LIB/jars/*" "$@"
}
