#!/usr/bin/env bash
# Installs the official SDKs the bench compares against, each into its own environment under
# bench/.peers (git-ignored), by package name from the registries:
#   PyPI authlete==1.3.0, npm @authlete/typescript-sdk@0.0.3-beta,
#   Maven com.authlete:authlete-java-common:4.46.
# A peer that cannot be installed gets bench/.peers/<id>.unavailable (the reason), which the
# report shows as "peer unavailable". Installed peers are kept (VERSION marks them done).
#   bench/peers.sh PEERS_DIR WORK_DIR
set -uo pipefail
peers="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$peers" "$work/jvm"
limit="${BENCH_PEER_TIMEOUT:-300}"

unavailable() { echo "$2" >"$peers/$1.unavailable"; echo "bench: peer $1 unavailable: $2" >&2; }

if [ ! -f "$peers/py/VERSION" ]; then
  rm -f "$peers/py.unavailable"
  if timeout "$limit" python3 -m venv "$peers/py" >/dev/null 2>&1 &&
     timeout "$limit" "$peers/py/bin/pip" install -q "authlete==1.3.0" >"$peers/py.log" 2>&1; then
    echo "authlete 1.3.0 (PyPI)" >"$peers/py/VERSION"
  else
    unavailable py "pip install authlete==1.3.0 failed: $(tail -n 1 "$peers/py.log" 2>/dev/null)"
    rm -rf "$peers/py"
  fi
fi

if [ ! -f "$peers/node/VERSION" ]; then
  rm -f "$peers/node.unavailable"
  mkdir -p "$peers/node"
  if timeout "$limit" npm install --prefix "$peers/node" --no-audit --no-fund --no-save \
       "@authlete/typescript-sdk@0.0.3-beta" >"$peers/node.log" 2>&1; then
    echo "@authlete/typescript-sdk 0.0.3-beta (npm)" >"$peers/node/VERSION"
  else
    unavailable node "npm install @authlete/typescript-sdk@0.0.3-beta failed: $(tail -n 1 "$peers/node.log")"
    rm -rf "$peers/node"
  fi
fi

# authlete-java-common 4.46 is what the issue names; when Maven Central does not have it
# (HTTP 404 at the time of writing) the newest published release is measured instead, and
# VERSION says so.
if [ ! -f "$peers/java/VERSION" ]; then
  rm -f "$peers/java.unavailable"
  mkdir -p "$peers/java"
  mvn_cp() {
    timeout "$limit" mvn -B -q -f "$here/jvm/pom.xml" -Ppeer -Dpeer.version="$1" \
      dependency:build-classpath -Dmdep.outputFile="$peers/java/peer.cp" >"$peers/java.log" 2>&1
  }
  version=""
  if mvn_cp 4.46; then
    version="authlete-java-common 4.46 (Maven Central)"
  elif mvn_cp 4.33; then
    version="authlete-java-common 4.33 (Maven Central; 4.46 is not published there: not found)"
  fi
  if [ -n "$version" ]; then
    echo "$version" >"$peers/java/VERSION"
  else
    unavailable java "authlete-java-common could not be resolved: $(grep -m1 ERROR "$peers/java.log")"
  fi
fi
rm -f "$work/jvm/peer.args"
if [ -f "$peers/java/VERSION" ]; then
  mkdir -p "$work/jvm/peer"
  if javac -nowarn -d "$work/jvm/peer" -cp "$(cat "$peers/java/peer.cp")" \
       "$here/jvm/Bench.java" "$here/jvm/PeerCalls.java" >"$work/jvm/peer.log" 2>&1; then
    echo "$work/jvm/peer:$(cat "$peers/java/peer.cp")" >"$work/jvm/peer.args"
  else
    unavailable java "the bench's Java client does not compile against it: $(head -n 1 "$work/jvm/peer.log")"
  fi
fi
exit 0
