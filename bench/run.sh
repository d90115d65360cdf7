#!/usr/bin/env bash
# Skyless benchmarks. Every figure is printed beside a baseline measured in this same run:
#   - the runtime hosting a trivial function vs a bare Vert.x 5 handler doing the same JSON and
#     CloudEvent header work (cold start, HTTP throughput, idle RSS);
#   - the runtime's Kafka direct mode with a no-op function vs a raw KafkaConsumer poll loop.
# Both servers run with the same JVM options, as in a 256 MiB function container.
# Usage: bench/run.sh [coldstart|tracing|http|rss|kafka|controller|gateway|thumbnails|orders|devstart|container ...]   (default: all). Needs JDK 25, Maven, wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
J="$JAVA_HOME/bin/java"
command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }

echo "building..."
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q ${MVN_OFFLINE:-} -DskipTests -Dspotless.check.skip=true install -pl bench -am >/dev/null

VERSION=0.1.0-SNAPSHOT
RUNTIME_CP="function-runtime/server/target/lib/*:function-runtime/server/target/skyless-runtime-$VERSION.jar:bench/target/skyless-bench-$VERSION.jar"
BENCH_CP="bench/target/lib/*:bench/target/skyless-bench-$VERSION.jar"
JVM_OPTS=${JVM_OPTS:-"-XX:MaxRAM=256m -XX:MaxRAMPercentage=75 -XX:+UseSerialGC"}
RUNS=${RUNS:-7}
OUT=bench/results
mkdir -p "$OUT"
export SKYLESS_FUNCTION=dev.skyless.bench.PingFunction SKYLESS_LOG_LEVEL=warn

RUNTIME_MAIN=dev.skyless.runtime.main.Main
BARE_MAIN=dev.skyless.bench.BareVertxServer

wait_ready() { # port
  for _ in $(seq 1 300); do
    curl -s -o /dev/null -X POST "http://127.0.0.1:$1/" -H 'ce-specversion: 1.0' -H 'ce-id: w' \
      -H 'ce-source: /b' -H 'ce-type: t' -H 'content-type: application/json' -d '{"name":"w","n":1}' && return 0
    sleep 0.1
  done
  echo "server on $1 did not start" >&2; return 1
}

train() { # name main port: a training run that writes a JDK 25 AOT cache at exit
  local name=$1 main=$2 port=$3
  rm -f "$OUT/$name.aot"
  PORT=$port "$J" $JVM_OPTS -XX:AOTCacheOutput="$OUT/$name.aot" -cp "$RUNTIME_CP" "$main" >"$OUT/$name-train.log" 2>&1 &
  local pid=$!
  wait_ready "$port"
  wrk -t1 -c16 -d3s -s bench/ping.lua "http://127.0.0.1:$port/" >/dev/null
  kill -TERM "$pid"; wait "$pid" || true
  [ -s "$OUT/$name.aot" ] || { echo "no AOT cache written for $name" >&2; cat "$OUT/$name-train.log" >&2; exit 1; }
}

coldstart() {
  echo "== cold start: spawn to first 200 on a CloudEvent POST, $RUNS fresh processes each"
  train runtime "$RUNTIME_MAIN" 18301
  train bare "$BARE_MAIN" 18302
  local cs="$J -cp $BENCH_CP dev.skyless.bench.ColdStart"
  $cs bare-plain "$RUNS" 18303 -- "$J" $JVM_OPTS -cp "$RUNTIME_CP" "$BARE_MAIN" | tee "$OUT/cold-bare-plain.txt"
  $cs runtime-plain "$RUNS" 18304 -- "$J" $JVM_OPTS -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee "$OUT/cold-runtime-plain.txt"
  $cs bare-aot "$RUNS" 18305 -- "$J" $JVM_OPTS -XX:AOTCache="$OUT/bare.aot" -cp "$RUNTIME_CP" "$BARE_MAIN" | tee "$OUT/cold-bare-aot.txt"
  $cs runtime-aot "$RUNS" 18306 -- "$J" $JVM_OPTS -XX:AOTCache="$OUT/runtime.aot" -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee "$OUT/cold-runtime-aot.txt"
  median() { sed -E 's/.*median_ms=([0-9]+).*/\1/' "$OUT/cold-$1.txt"; }
  awk -v r="$(median runtime-plain)" -v b="$(median bare-plain)" 'BEGIN{printf "cold start ratio runtime/bare, plain JVM: %.2f\n", r/b}'
  awk -v r="$(median runtime-aot)" -v b="$(median bare-aot)" 'BEGIN{printf "cold start ratio runtime/bare, both with AOT cache: %.2f (goal <= 1.15)\n", r/b}'
}

tracing() {
  echo "== cold start with tracing configured vs not: spawn to first 200, $RUNS fresh processes each"
  echo "   (the OTLP endpoint is a closed local port: export happens after the answer, in batches)"
  local otel=(env OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9 OTEL_BSP_SCHEDULE_DELAY=5000)
  train runtime "$RUNTIME_MAIN" 18351
  rm -f "$OUT/traced.aot"
  PORT=18352 "${otel[@]}" "$J" $JVM_OPTS -XX:AOTCacheOutput="$OUT/traced.aot" -cp "$RUNTIME_CP" "$RUNTIME_MAIN" >"$OUT/traced-train.log" 2>&1 &
  local pid=$!
  wait_ready 18352
  wrk -t1 -c16 -d3s -s bench/ping.lua "http://127.0.0.1:18352/" >/dev/null
  kill -TERM "$pid"; wait "$pid" || true
  local cs="$J -cp $BENCH_CP dev.skyless.bench.ColdStart"
  $cs untraced-plain "$RUNS" 18353 -- "$J" $JVM_OPTS -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee "$OUT/cold-untraced-plain.txt"
  $cs traced-plain "$RUNS" 18354 -- "${otel[@]}" "$J" $JVM_OPTS -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee "$OUT/cold-traced-plain.txt"
  $cs untraced-aot "$RUNS" 18355 -- "$J" $JVM_OPTS -XX:AOTCache="$OUT/runtime.aot" -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee "$OUT/cold-untraced-aot.txt"
  $cs traced-aot "$RUNS" 18356 -- "${otel[@]}" "$J" $JVM_OPTS -XX:AOTCache="$OUT/traced.aot" -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee "$OUT/cold-traced-aot.txt"
  median() { sed -E 's/.*median_ms=([0-9]+).*/\1/' "$OUT/cold-$1.txt"; }
  awk -v t="$(median traced-plain)" -v u="$(median untraced-plain)" 'BEGIN{printf "cold start ratio traced/untraced, plain JVM: %.2f\n", t/u}'
  awk -v t="$(median traced-aot)" -v u="$(median untraced-aot)" 'BEGIN{printf "cold start ratio traced/untraced, each with its AOT cache: %.2f\n", t/u}'
}

http() {
  echo "== HTTP throughput: wrk -t1 -c32, 5 s warm-up then 10 s, ${HTTP_ROUNDS:-3} rounds alternating"
  echo "   (bare-hop: the bare handler plus one hop to a virtual thread and back, the floor of a"
  echo "    runtime that never runs user code on the event loop)"
  for round in $(seq 1 "${HTTP_ROUNDS:-3}"); do
    for kind in bare bare-hop runtime; do
      local main=$BARE_MAIN port=18311 extra=""
      [ "$kind" = bare-hop ] && extra="-Dbare.hop=true" && port=18313
      [ "$kind" = runtime ] && main=$RUNTIME_MAIN && port=18312
      PORT=$port "$J" $JVM_OPTS $extra -cp "$RUNTIME_CP" "$main" >/dev/null 2>&1 &
      local pid=$!
      wait_ready "$port"
      wrk -t1 -c32 -d5s -s bench/ping.lua "http://127.0.0.1:$port/" >/dev/null
      local report
      report=$(wrk -t1 -c32 -d10s --latency -s bench/ping.lua "http://127.0.0.1:$port/")
      kill -TERM "$pid"; wait "$pid" || true
      local rps p99
      rps=$(echo "$report" | awk '/Requests\/sec/ {print $2}')
      p99=$(echo "$report" | awk '$1=="99%" {print $2}')
      echo "http $kind round=$round requests_per_s=$rps p99=$p99"
    done
  done | tee "$OUT/http.txt"
  med() { awk -v k="$1" '$2==k {split($4,a,"="); print a[2]}' "$OUT/http.txt" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
  local r b h
  r=$(med runtime); b=$(med bare); h=$(med bare-hop)
  awk -v r="$r" -v b="$b" -v h="$h" 'BEGIN {printf "http median requests/s: runtime %.0f, bare %.0f, bare-hop %.0f; runtime/bare %.2f (goal >= 0.85), runtime/bare-hop %.2f, bare-hop/bare %.2f\n", r, b, h, r/b, r/h, h/b}'
}

rss() {
  echo "== idle RSS after start and one request, 5 s idle"
  local ir="$J -cp $BENCH_CP dev.skyless.bench.IdleRss"
  [ -f "$OUT/runtime.aot" ] || train runtime "$RUNTIME_MAIN" 18301
  $ir bare 18321 -- "$J" $JVM_OPTS -cp "$RUNTIME_CP" "$BARE_MAIN" | tee "$OUT/rss.txt"
  $ir runtime 18322 -- "$J" $JVM_OPTS -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee -a "$OUT/rss.txt"
  $ir runtime-aot 18323 -- "$J" $JVM_OPTS -XX:AOTCache="$OUT/runtime.aot" -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee -a "$OUT/rss.txt"
  echo "(goal: runtime <= 96 MB)"
}

kafka() {
  echo "== Kafka direct mode, no-op function, vs a raw consumer loop (in-process broker)"
  "$J" -Xmx2g -Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory -cp "$BENCH_CP" dev.skyless.bench.KafkaThroughput "${KAFKA_RECORDS:-200000}" 3 | tee "$OUT/kafka.txt"
  echo "(goal: runtime >= 0.7x raw)"
  echo "== Kafka direct mode, ordered, a backlog with 10 ms of work per record: 4 partitions vs 4x one"
  "$J" -Xmx1g -Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory -cp "$BENCH_CP" dev.skyless.bench.KafkaLanes "${LANES_RECORDS:-400}" 10 3 | tee "$OUT/kafka-lanes.txt"
}

gateway() {
  echo "== skyless dev gateway: scale from zero and warm path, against the runtime alone"
  mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl cli -am >/dev/null
  local dev_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k" # LocalOptions.DEFAULT_JVM_OPTIONS
  local home; home=$(mktemp -d)
  echo "-- runtime alone: spawn to first 200, $RUNS fresh processes, skyless dev's instance JVM options"
  "$J" -cp "$BENCH_CP" dev.skyless.bench.ColdStart runtime-dev-opts "$RUNS" 18330 -- "$J" $dev_opts -cp "$RUNTIME_CP" "$RUNTIME_MAIN" | tee "$OUT/gateway-cold-runtime.txt"
  SKYLESS_HOME=$home bin/skyless dev bench/gateway --port 18331 --kafka-port 0 --idle 2s --no-live >"$OUT/gateway-dev.log" 2>&1 &
  local dev=$!
  for _ in $(seq 1 600); do grep -q 'ready at' "$OUT/gateway-dev.log" && break; sleep 0.1; done
  local url=http://127.0.0.1:18331
  : >"$OUT/gateway-cold.txt"
  for i in $(seq 1 "$RUNS"); do
    until curl -s "$url/_skyless/status" | grep -q '"instances":0,"starting":0'; do sleep 0.2; done
    local seconds
    seconds=$(curl -s -o /dev/null -w '%{time_total}' -X POST "$url/ping/" \
      -H 'ce-specversion: 1.0' -H 'ce-id: c' -H 'ce-source: /b' -H 'ce-type: t' -H 'content-type: application/json' \
      -d '{"name":"cold","n":1}')
    awk -v i="$i" -v s="$seconds" 'BEGIN {printf "gateway cold run=%d first_response_ms=%.0f\n", i, s * 1000}' | tee -a "$OUT/gateway-cold.txt"
  done
  kill -TERM "$dev"; wait "$dev" || true  # (a background job ignores SIGINT)
  local g r
  g=$(sed -E 's/.*first_response_ms=([0-9]+).*/\1/' "$OUT/gateway-cold.txt" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  r=$(sed -E 's/.*median_ms=([0-9]+).*/\1/' "$OUT/gateway-cold-runtime.txt")
  echo "scale from zero: through the gateway median ${g} ms, runtime alone median ${r} ms, gateway overhead $((g - r)) ms (goal <= 50 ms)"

  echo "-- warm path: wrk -t1 -c32 10 s, ${HTTP_ROUNDS:-3} rounds alternating gateway and direct"
  SKYLESS_HOME=$home bin/skyless dev bench/gateway --port 18332 --kafka-port 0 --idle 600s --no-live >"$OUT/gateway-dev-warm.log" 2>&1 &
  dev=$!
  for _ in $(seq 1 600); do grep -q 'ready at' "$OUT/gateway-dev-warm.log" && break; sleep 0.1; done
  curl -s -o /dev/null -X POST "http://127.0.0.1:18332/ping/" -H 'content-type: application/json' -d '{"name":"w","n":1}'
  local port
  port=$(sed -nE 's/.*started instance \(pid [0-9]+, port ([0-9]+)\).*/\1/p' "$OUT/gateway-dev-warm.log" | head -1)
  wrk -t1 -c32 -d5s -s bench/ping.lua "http://127.0.0.1:18332/ping/" >/dev/null
  wrk -t1 -c32 -d5s -s bench/ping.lua "http://127.0.0.1:$port/" >/dev/null
  for round in $(seq 1 "${HTTP_ROUNDS:-3}"); do
    for kind in gateway direct; do
      local target="http://127.0.0.1:18332/ping/"
      [ "$kind" = direct ] && target="http://127.0.0.1:$port/"
      local rps
      rps=$(wrk -t1 -c32 -d10s -s bench/ping.lua "$target" | awk '/Requests\/sec/ {print $2}')
      echo "warm $kind round=$round requests_per_s=$rps"
    done
  done | tee "$OUT/gateway-warm.txt"
  kill -TERM "$dev"; wait "$dev" || true  # (a background job ignores SIGINT)
  rm -rf "$home"
  med() { awk -v k="$1" '$2==k {split($4,a,"="); print a[2]}' "$OUT/gateway-warm.txt" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
  awk -v g="$(med gateway)" -v d="$(med direct)" 'BEGIN {printf "warm path median requests/s: gateway %.0f, direct %.0f, gateway/direct %.2f (goal >= 0.85)\n", g, d, g/d}'
}

thumbnails() {
  echo "== thumbnails per second, one calling thread, 1920x1080 JPEGs -> 150x150 cover JPEG q85"
  echo "   (libvips via FFM and ImageIO in one JVM; sharp, also libvips, in Node on the same files;"
  echo "    VIPS_CONCURRENCY=1 for both libvips users, so each works on one thread)"
  ldconfig -p | grep -q libvips.so.42 || { echo "installing libvips42 (Debian package)"; apt-get install -y -qq libvips42 >/dev/null; }
  local images="$OUT/images"
  [ -d "$images" ] || "$J" -cp "$BENCH_CP" dev.skyless.bench.ThumbnailBench generate "$images" "${IMAGES:-20}"
  (cd bench/sharp && [ -d node_modules/sharp ] || npm install --no-audit --no-fund --silent)
  local sharp_vips
  sharp_vips=$(ls bench/sharp/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.* 2>/dev/null | head -1)
  VIPS_CONCURRENCY=1 "$J" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" dev.skyless.bench.ThumbnailBench run "$images" "${ROUNDS:-5}" $sharp_vips | tee "$OUT/thumbnails.txt"
  VIPS_CONCURRENCY=1 node bench/sharp/bench.mjs "$images" "${ROUNDS:-5}" | tee -a "$OUT/thumbnails.txt"
  rate() { grep "engine=\"$1" "$OUT/thumbnails.txt" | head -1 | sed -E 's/.*median_per_s=([0-9.]+).*/\1/'; }
  local v b i s
  v=$(rate 'libvips 8.14'); b=$(rate 'libvips 8.17'); i=$(rate ImageIO); s=$(rate sharp)
  awk -v v="$v" -v b="${b:-0}" -v i="$i" -v s="$s" 'BEGIN {
    printf "thumbnails median per second: FFM + Debian libvips %.1f, FFM + the libvips sharp bundles %.1f, ImageIO %.1f, sharp %.1f\n", v, b, i, s
    printf "ratios to sharp: Debian libvips %.2f (goal >= 0.8), same libvips as sharp %.2f, ImageIO %.2f\n", v/s, b/s, i/s }'
}

orders() {
  echo "== order API end to end: HTTP -> PostgreSQL (order + outbox) -> Kafka, embedded PostgreSQL and Kafka"
  for clients in ${ORDER_CLIENTS:-1 16}; do
    "$J" -cp "$BENCH_CP" dev.skyless.bench.OrderBench "$clients" "${ORDER_SECONDS:-15}" 2>/dev/null | grep '^orders' | tee -a "$OUT/orders.txt"
  done
  echo "(events_in_kafka counts the warm-up's orders too)"
}

devstart() {
  echo "== skyless dev start: the CLI process spawned to its 'ready at' line, ${RUNS} runs each, alternating:"
  echo "   hello (Kafka only, the baseline), the shop with its data kept (PostgreSQL, S3, Kafka), the shop after --reset,"
  echo "   and the shop with its data kept but without the CLI's AOT cache (SKYLESS_NO_AOT=1)"
  [ -n "${SKIP_BUILD:-}" ] || mvn -B -q ${MVN_OFFLINE:-} -DskipTests -Dspotless.check.skip=true install -pl cli,functions/shop -am >/dev/null
  local skyless home
  skyless=$(ls -d cli/target/skyless-*/bin/skyless | head -1)
  home=$(mktemp -d)
  run_dev() { # kind args...: prints ms to ready
    local kind=$1; shift
    local log="$home/$kind.log" start now
    start=$(date +%s%N)
    SKYLESS_HOME="$home/$kind" "$skyless" dev "$@" --port 0 --kafka-port 0 --random-ports --no-live >"$log" 2>&1 &
    local pid=$!
    until grep -q "ready at" "$log"; do
      kill -0 "$pid" 2>/dev/null || { echo "skyless dev ($kind) exited:" >&2; cat "$log" >&2; return 1; }
      sleep 0.02
    done
    now=$(date +%s%N)
    kill -TERM "$pid"; wait "$pid" || true
    echo $(( (now - start) / 1000000 ))
  }
  run_dev shop functions >/dev/null # first run: unpacks PostgreSQL's binaries, makes the data
  local hello=() kept=() reset=() plain=()
  for _ in $(seq 1 "$RUNS"); do
    hello+=("$(run_dev hello functions/hello)")
    kept+=("$(run_dev shop functions)")
    reset+=("$(run_dev shop functions --reset)")
    plain+=("$(SKYLESS_NO_AOT=1 run_dev shop functions)")
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  local h k r p
  h=$(med "${hello[@]}"); k=$(med "${kept[@]}"); r=$(med "${reset[@]}"); p=$(med "${plain[@]}")
  echo "devstart hello_ms=[${hello[*]}] median=$h" | tee "$OUT/devstart.txt"
  echo "devstart shop_kept_ms=[${kept[*]}] median=$k" | tee -a "$OUT/devstart.txt"
  echo "devstart shop_reset_ms=[${reset[*]}] median=$r" | tee -a "$OUT/devstart.txt"
  echo "devstart shop_kept_no_aot_ms=[${plain[*]}] median=$p" | tee -a "$OUT/devstart.txt"
  awk -v h="$h" -v k="$k" -v r="$r" -v p="$p" 'BEGIN {printf "shop / hello: kept %.2f, reset %.2f; with / without the CLI AOT cache: %.2f (goal: shop ready <= 6000 ms)\n", k/h, r/h, k/p}' | tee -a "$OUT/devstart.txt"
  rm -rf "$home"
}

container() {
  echo "== container: hello built by skyless base + skyless build, pushed to a local registry, run by"
  echo "   podman as a pod runs it (read-only, 65532, 256 MiB, /tmp bound), from podman run to the"
  echo "   first 200 on a CloudEvent POST; beside the same runtime and jars as a plain process"
  command -v podman >/dev/null && command -v docker-registry >/dev/null \
    || { echo "container: needs podman, runc and docker-registry (Debian packages)"; return 0; }
  [ -n "${SKIP_BUILD:-}" ] || mvn -B -q ${MVN_OFFLINE:-} -DskipTests -Dspotless.check.skip=true install -pl cli -am >/dev/null
  local work; work=$(mktemp -d /tmp/skyless-bench-container.XXXXXX)
  # overlay (what containerd's snapshotter does on a node: no copy per container) when this
  # kernel allows it, else vfs (a full copy of the image for every container).
  local storage=${PODMAN_STORAGE:-overlay}
  local pm=(podman --root "$work/storage" --runroot "$work/run" --storage-driver="$storage" --runtime runc
    --cgroup-manager=cgroupfs --events-backend=file)
  if ! "${pm[@]}" info >/dev/null 2>&1; then
    storage=vfs; pm=(podman --root "$work/storage" --runroot "$work/run" --storage-driver=vfs --runtime runc
      --cgroup-manager=cgroupfs --events-backend=file)
  fi
  echo "   podman storage: $storage"
  local rport=18341 skyless=(env SKYLESS_HOME="$work/home" bin/skyless)
  printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: 127.0.0.1:%s}\n' \
    "$work/registry" "$rport" > "$work/registry.yml"
  docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  local registry=$!
  trap 'kill $registry 2>/dev/null; "${pm[@]}" rm -af >/dev/null 2>&1; rm -rf "$work"' RETURN
  "${skyless[@]}" base -o "$work/base" 2>/dev/null >/dev/null
  local aot noaot
  aot=$("${skyless[@]}" build functions/hello --base "oci:$work/base" --insecure-registry -i "127.0.0.1:$rport/hello:aot" 2>/dev/null)
  noaot=$("${skyless[@]}" build functions/hello --base "oci:$work/base" --insecure-registry --no-aot -i "127.0.0.1:$rport/hello:plain" 2>/dev/null)
  "${pm[@]}" pull -q --tls-verify=false "$aot" >/dev/null
  "${pm[@]}" pull -q --tls-verify=false "$noaot" >/dev/null
  mkdir -p "$work/tmp" && chmod 1777 "$work/tmp"
  local run=("${pm[@]}" run --rm --network=host --ulimit nofile=20000:20000 --ulimit nproc=4096:4096
    --read-only --read-only-tmpfs=false --cap-drop=ALL --security-opt=no-new-privileges
    --memory=256m --mount "type=bind,source=$work/tmp,destination=/tmp" -e PORT)
  # The plain process: the same jars and the same JVM (the base's, as the image has it), 256 MiB.
  local cp; cp=$(ls functions/hello/target/app/*.jar | tr '\n' ':')
  local basejava="$work/java" manifest
  mkdir -p "$basejava"
  manifest=$(python3 -c "import json,sys;d=json.load(open('$work/base/index.json'))['manifests'][0]['digest'].split(':')[1];m=json.load(open('$work/base/blobs/sha256/'+d));print(m['layers'][1]['digest'].split(':')[1])")
  tar -xzf "$work/base/blobs/sha256/$manifest" -C "$basejava"
  local java="$basejava/opt/java/bin/java"
  export SKYLESS_FUNCTION=dev.skyless.examples.hello.Greet
  PORT=18342 "$java" -XX:MaxRAM=256m --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$work/plain.aot" -cp "$cp" dev.skyless.runtime.main.Main >"$work/train.log" 2>&1 &
  local pid=$!; wait_ready 18342; wrk -t1 -c8 -d3s -s bench/ping.lua http://127.0.0.1:18342/ >/dev/null; kill -TERM $pid; wait $pid || true
  local cs="$J -cp $BENCH_CP dev.skyless.bench.ColdStart"
  $cs process-aot "$RUNS" 18343 -- "$java" -XX:MaxRAM=256m --enable-native-access=ALL-UNNAMED -XX:AOTCache="$work/plain.aot" -cp "$cp" dev.skyless.runtime.main.Main | tee "$OUT/container-process-aot.txt"
  $cs container-aot "$RUNS" 18344 -- "${run[@]}" "$aot" | tee "$OUT/container-aot.txt"
  $cs process-plain "$RUNS" 18345 -- "$java" -XX:MaxRAM=256m --enable-native-access=ALL-UNNAMED -cp "$cp" dev.skyless.runtime.main.Main | tee "$OUT/container-process-plain.txt"
  $cs container-plain "$RUNS" 18346 -- "${run[@]}" "$noaot" | tee "$OUT/container-plain.txt"
  unset SKYLESS_FUNCTION
  export SKYLESS_FUNCTION=dev.skyless.bench.PingFunction
  median() { sed -E 's/.*median_ms=([0-9]+).*/\1/' "$OUT/container-$1.txt"; }
  awk -v c="$(median aot)" -v p="$(median process-aot)" -v cn="$(median plain)" -v pn="$(median process-plain)" \
    'BEGIN{printf "container adds (median): with AOT %d ms (%.2fx), without %d ms (%.2fx) (goal: <= 150 ms)\n", c-p, c/p, cn-pn, cn/pn}' \
    | tee "$OUT/container.txt"
  # The container runtime's own floor: the same JVM's `java -version`, in a container and not.
  local inbox=() onhost=() t
  for _ in $(seq 1 "$RUNS"); do
    t=$(date +%s%N); "${run[@]}" --entrypoint /opt/java/bin/java "$aot" -version 2>/dev/null; inbox+=($(( ($(date +%s%N) - t) / 1000000 )))
    t=$(date +%s%N); "$java" -version 2>/dev/null; onhost+=($(( ($(date +%s%N) - t) / 1000000 )))
  done
  local mi mh
  mi=$(printf '%s\n' "${inbox[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mh=$(printf '%s\n' "${onhost[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "floor: java -version in a container ${inbox[*]} ms (median $mi), as a process ${onhost[*]} ms (median $mh): podman adds $((mi - mh)) ms" | tee -a "$OUT/container.txt"
  local digest=${aot#*@}
  curl -s -H 'accept: application/vnd.oci.image.manifest.v1+json' "http://127.0.0.1:$rport/v2/hello/manifests/$digest" \
    | python3 -c "import json,sys; m=json.load(sys.stdin); names=['base: system','base: java','libraries','function','aot-cache']; [print('layer %-13s %6.1f MB' % (names[i] if i < len(names) else i, l['size']/1e6)) for i,l in enumerate(m['layers'])]" \
    | tee -a "$OUT/container.txt"
  # Idle RSS of the JVM in the container, after one call and 5 s idle.
  "${run[@]}" -d --name rss-probe -e PORT=18347 "$aot" >/dev/null
  wait_ready 18347; sleep 5
  local cpid; cpid=$("${pm[@]}" inspect --format '{{.State.Pid}}' rss-probe)
  echo "idle RSS in the container (256 MiB limit): $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$cpid/status")" | tee -a "$OUT/container.txt"
  "${pm[@]}" stop -t 10 rss-probe >/dev/null
}

controller() {
  echo "== controller: N Functions with one Kafka trigger each on the mock API server, until all Ready"
  mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl bench/controller -am >/dev/null
  "$J" -cp "bench/controller/target/lib/*:bench/controller/target/skyless-bench-controller-$VERSION.jar" \
    dev.skyless.bench.controller.ReconcileBench ${CONTROLLER_SIZES:-100 1000 3000} 2>/dev/null | grep '^reconcile' | tee "$OUT/controller.txt"
  echo "(goal: 1000 in under 60 s, peak RSS under 300 MB, time no worse than linear)"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $("$J" -version 2>&1 | head -1); JVM_OPTS=$JVM_OPTS"
for part in "${@:-coldstart tracing http rss kafka controller gateway thumbnails orders devstart container}"; do
  for p in $part; do "$p"; done
done
