package com.epithre.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.offset;

/**
 * Tests for {@link FakeEmbeddings}.
 */
class FakeEmbeddingsTests {

	private static final int DIMENSIONS = FakeEmbeddings.DEFAULT_DIMENSIONS;

	@Test
	void vectorsAreDeterministicUnitVectors() {
		float[] vector = FakeEmbeddings.text("Jakarta is the capital of Indonesia", null, DIMENSIONS);
		assertThat(vector).containsExactly(FakeEmbeddings.text("Jakarta is the capital of Indonesia", null, DIMENSIONS));
		assertThat(FakeEmbeddings.cosine(vector, vector)).isCloseTo(1, offset(1e-5));
	}

	@Test
	void cosineGrowsWithTheWordsTwoTextsShare() {
		float[] query = text("capital of Indonesia");
		double same = FakeEmbeddings.cosine(query, text("Indonesia's capital"));
		double oneWord = FakeEmbeddings.cosine(query, text("Rupiah is the currency of Indonesia"));
		double none = FakeEmbeddings.cosine(query, text("Komodo dragons live on a few islands"));
		assertThat(same).isGreaterThan(oneWord);
		assertThat(oneWord).isGreaterThan(none + 0.2);
		assertThat(none).isCloseTo(0, offset(0.1));
	}

	@Test
	void caseAndPunctuationAndStopWordsDoNotMatter() {
		assertThat(FakeEmbeddings.cosine(text("The capital, Jakarta!"), text("capital jakarta")))
			.isCloseTo(1, offset(1e-5));
	}

	@Test
	void anInstructionChangesTheVectorButKeepsItsNeighbours() {
		float[] plain = FakeEmbeddings.text("capital of Indonesia", null, DIMENSIONS);
		float[] instructed = FakeEmbeddings.text("capital of Indonesia", "Represent this query:", DIMENSIONS);
		assertThat(instructed).isNotEqualTo(plain);
		assertThat(FakeEmbeddings.cosine(instructed, plain)).isGreaterThan(0.9);
	}

	@Test
	void textWithoutWordsStillGetsAVector() {
		assertThat(FakeEmbeddings.cosine(text("!!!"), text("???"))).isCloseTo(0, offset(0.1));
	}

	@Test
	void dimensionsOutOfRangeAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> FakeEmbeddings.text("x", null, 0))
			.withMessage("dimensions must be between 1 and 4000, was 0");
	}

	private static float[] text(String text) {
		return FakeEmbeddings.text(text, null, DIMENSIONS);
	}

}
