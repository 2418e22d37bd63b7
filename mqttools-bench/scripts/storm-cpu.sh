#!/usr/bin/env bash
# storm-cpu.sh ours|mosquitto [WARM] [connstorm options]
#
# CPU time of a broker's threads over three connect storms (5,000 connections each, 50 handshakes in
# flight, all closed after the last CONNACK) that follow WARM storms (8) on the same broker: utime+stime
# from /proc/PID/task/*/stat, summed by thread name, and each storm's rate. One broker, fresh. Options
# after WARM go to connstorm, e.g. -r to close with resets. Ours runs as `java -jar` with the launcher's
# defaults for JDK 17 (JAR=path to compare builds; default mqttools-cli/target/mqttools.jar).
# Run from the repository root after `./mvnw -q -B -DskipTests -pl mqttools-cli -am package`.
set -euo pipefail
which=${1:?ours or mosquitto}; warm=${2:-8}; shift $(( $# < 2 ? $# : 2 ))
port=$(( 20000 + RANDOM % 12000 )) # below the ephemeral range (32768-60999)
cs=mqttools-bench/target/connstorm
if [ ! -x "$cs" ] || [ mqttools-bench/src/main/c/connstorm.c -nt "$cs" ]; then
  cc -O2 -Wall -Wextra -o "$cs" mqttools-bench/src/main/c/connstorm.c
fi
ulimit -n 20000 2>/dev/null || true
if [ "$which" = ours ]; then
  java -XX:+UseSerialGC -Xms32m -XX:MaxNewSize=32m -XX:TrimNativeHeapInterval=10000 \
    -jar "${JAR:-mqttools-cli/target/mqttools.jar}" broker --port $port --log-level warn --max-connections 100000 \
    > /tmp/storm-cpu-broker.log 2>&1 &
else
  printf 'listener %s 127.0.0.1\nallow_anonymous true\n' $port > /tmp/storm-cpu-mosquitto.conf
  /usr/sbin/mosquitto -c /tmp/storm-cpu-mosquitto.conf > /tmp/storm-cpu-broker.log 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 400); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.025; done
for _ in $(seq 1 "$warm"); do "$cs" "$@" $port 5000 > /dev/null; sleep 0.5; done
ticks() {
  for t in /proc/$pid/task/*; do echo "$(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done |
    awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
ticks > /tmp/storm-cpu.0
for _ in 1 2 3; do "$cs" "$@" $port 5000 | sed 's/.*rate=\([0-9]*\).*/storm: \1 connections\/s/'; sleep 0.5; done
ticks > /tmp/storm-cpu.1
join /tmp/storm-cpu.0 /tmp/storm-cpu.1 | awk -v hz="$(getconf CLK_TCK)" '$3 > $2 {printf "%6d ms %s\n", ($3 - $2) * 1000 / hz, $1}' | sort -rn
