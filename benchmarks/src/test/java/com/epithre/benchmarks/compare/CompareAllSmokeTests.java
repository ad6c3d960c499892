package com.epithre.benchmarks.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.epithre.benchmarks.compare.CompareAll.Measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Seconds-long run of the side-by-side comparison, so that no client process and no part of the orchestrator rots:
 * one process per client runs a tiny throughput, fan-out and storm scenario. The peer modules must have been built
 * first, which the reactor order ensures ({@code benchmarks/peers} before {@code benchmarks}).
 */
class CompareAllSmokeTests {

	private static final List<String> CLIENTS = List.of("epithre", "idiomatic", "floor", "spring-ai", "openai-java",
			"langchain4j");

	@Test
	@Timeout(120)
	void everyClientCompletesEveryScenarioAndTheReportIsWritten(@TempDir Path out) throws Exception {
		Report report = CompareAll.run(CompareAll.Config.parse("reps=1", "throughput=2x200", "fanout=8",
				"fanoutTokens=5", "holdTokens=10", "storm=12", "combined=true", "out=" + out));
		assertThat(report.clients()).containsExactlyElementsOf(CLIENTS);
		for (String client : CLIENTS) {
			for (String label : List.of("throughput", "throughput-saturated", "fanout-8", "storm")) {
				List<Measurement> runs = report.of(client, label);
				assertThat(runs).as("%s %s", client, label).hasSize(1);
				Measurement run = runs.get(0);
				assertThat(run.allCompleted()).as("%s %s: %s", client, label, run.firstError()).isTrue();
				assertThat(run.peakThreads()).as("%s threads", client).isPositive();
				assertThat(run.peakRssKb()).as("%s RSS", client).isPositive();
			}
			// the harness read its JIT compiler threads' time (Linux), which the CPU per chunk leaves out
			Measurement throughput = report.of(client, "throughput").get(0);
			assertThat(throughput.jitMillis()).as("%s JIT ms", client).isGreaterThanOrEqualTo(0);
			assertThat(throughput.cpuMicrosPerChunk()).as("%s CPU per chunk", client).isPositive();
			// the orchestrator read the fake server's CPU between the client's MEASURING and MEASURED lines
			Measurement fanout = report.of(client, "fanout-8").get(0);
			assertThat(fanout.serverCpuNanos()).as("%s server CPU", client).isPositive();
			assertThat(fanout.clientCores()).as("%s client cores", client).isPositive();
			assertThat(fanout.serverCores()).as("%s server cores", client).isPositive();
			// 8 streams hold too little to stand out of a full collection's noise: here only that it was measured
			assertThat(fanout.heldKbPerStream()).as("%s heap held per stream", client).isNotNaN();
			assertThat(fanout.heldOpenStreams()).as("%s streams open at the heap reading", client).isEqualTo(8);
			Measurement storm = report.of(client, "storm").get(0);
			assertThat(storm.stormRequests()).as("%s storm requests", client).isGreaterThanOrEqualTo(12);
			assertThat(storm.stormSuccesses() + storm.storm429s()).isEqualTo(storm.stormRequests());
		}
		// the per-key limiter keeps the Epithre client under the server's cap
		assertThat(report.of("epithre", "storm").get(0).storm429s()).isZero();
		String markdown = Files.readString(out.resolve("comparison.md"));
		assertThat(markdown).contains("| epithre |", "| idiomatic |", "| floor |", "| spring-ai |", "| openai-java |",
				"| langchain4j |", "## Targets");
		// every row of every table has as many cells as its header
		int columns = 0;
		for (String line : markdown.lines().toList()) {
			if (!line.startsWith("|")) {
				columns = 0;
			}
			else if (columns == 0) {
				columns = cells(line);
			}
			else {
				assertThat(cells(line)).as(line).isEqualTo(columns);
			}
		}
		assertThat(Files.readString(out.resolve("comparison.svg"))).startsWith("<svg").contains("epithre");
		assertThat(markdown).doesNotContain("epithre-previous", "## Targets (issue 20)");
	}

	@Test
	@Timeout(120)
	void aPreviousBuildRunsAsEpithrePreviousAndIsComparedWithOurs(@TempDir Path out) throws Exception {
		// this build's own classpath stands in for the baseline that run-comparison.sh builds for BASELINE=<git-ref>
		Path previous = CompareAll.projectRoot().resolve("benchmarks/target/benchmark-classpath.txt");
		Report report = CompareAll.run(CompareAll.Config.parse("reps=1", "throughput=2x200", "fanout=8",
				"fanoutTokens=5", "holdTokens=10", "storm=0", "combined=true", "clients=epithre,epithre-previous",
				"previous=" + previous, "out=" + out));
		assertThat(report.clients()).containsExactly("epithre", "epithre-previous");
		for (String label : List.of("throughput", "throughput-saturated", "fanout-8")) {
			Measurement run = report.of("epithre-previous", label).get(0);
			assertThat(run.allCompleted()).as("%s: %s", label, run.firstError()).isTrue();
		}
		assertThat(report.of("epithre-previous", "storm")).isEmpty();
		String markdown = Files.readString(out.resolve("comparison.md"));
		assertThat(markdown).contains("## Targets (issue 20)",
				"| heap held per open stream at 8 streams, KB within 1.25x of epithre-previous |",
				"| TTFT p99 at 8 streams, ms within 1.25x of epithre-previous |",
				"CPU per chunk at most 0.75x the best peer's (`throughput-saturated`)")
			.doesNotContain("## 3. 429 storm");
	}

	@Test
	void epithrePreviousNeedsTheClasspathOfAPreviousBuild() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CompareAll.run(CompareAll.Config.parse("clients=epithre,epithre-previous")))
			.withMessageContaining("previous=<classpath file>");
	}

	private static int cells(String row) {
		return row.split("\\|", -1).length - 2;
	}

}
