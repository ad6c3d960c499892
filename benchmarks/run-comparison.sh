#!/usr/bin/env bash
# Side-by-side comparison of the Epithre client with Spring AI, openai-java, LangChain4j, the idiomatic Spring path
# (plain WebClient + ServerSentEvent<String> + Jackson) and a raw Reactor Netty floor.
# Builds everything (each peer module writes its own runtime classpath), then runs CompareAll from the repository root;
# writes benchmarks/results/comparison.md and comparison.svg. About 25 minutes on 2 cores.
# Extra arguments go to CompareAll, e.g. benchmarks/run-comparison.sh reps=1 fanout=64,256
#
# BASELINE=<git-ref> also measures the Epithre client of that commit, in the same run, as the client
# "epithre-previous": the commit is checked out in a temporary git worktree, its client and benchmarks modules are built there
# with 'mvn package' (nothing is installed into the local repository, so the current build's artifacts stay as they are),
# and that build's own EpithrePeer runs on its client and dependencies. The worktree is removed afterwards.
# The before/after proof of a rewrite (see benchmarks/README.md), about 12 minutes:
#   BASELINE=22d28ee benchmarks/run-comparison.sh clients=epithre,epithre-previous,idiomatic,langchain4j fanout=1024 storm=0
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
args=("$@")
if [[ -n "${BASELINE:-}" ]]; then
	ref="$(git rev-parse --verify "${BASELINE}^{commit}")"
	scratch="$(mktemp -d "${TMPDIR:-/tmp}/epithre-baseline.XXXXXX")"
	cleanup() {
		git -C "$root" worktree remove --force "$scratch/src" 2>/dev/null || true
		git -C "$root" worktree prune
		rm -rf "$scratch"
	}
	trap cleanup EXIT
	echo "Building the baseline client ${BASELINE} (${ref:0:10}) in $scratch/src" >&2
	git worktree add --quiet --detach "$scratch/src" "$ref"
	# package, not install: the baseline has the same artifact versions as the current build. Its benchmarks module
	# writes the runtime classpath of its Epithre peer (its client jar and dependencies) beside the peer's classes.
	(cd "$scratch/src" && mvn -B -q package -DskipTests -pl benchmarks -am)
	args=("previous=$scratch/src/benchmarks/target/benchmark-classpath.txt" "${args[@]}")
fi
mvn -B -q install -DskipTests
# straight from this build's classes and the classpath the build wrote, not through 'mvn -pl benchmarks exec:java',
# which would take the fake server from the local repository, where another checkout may have installed its own
java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)" \
	com.epithre.benchmarks.compare.CompareAll "${args[@]}"
