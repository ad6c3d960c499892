#!/usr/bin/env bash
# Side-by-side comparison of the Epithre client with Spring AI, openai-java, LangChain4j and a raw Reactor Netty floor.
# Builds everything (each peer module writes its own runtime classpath), then runs CompareAll from the repository root;
# writes benchmarks/results/comparison.md and comparison.svg. About 22 minutes on 2 cores.
# Extra arguments go to CompareAll, e.g. benchmarks/run-comparison.sh reps=1 fanout=64,256
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl benchmarks exec:java -Dexec.mainClass=com.epithre.benchmarks.compare.CompareAll -Dexec.args="$*"
