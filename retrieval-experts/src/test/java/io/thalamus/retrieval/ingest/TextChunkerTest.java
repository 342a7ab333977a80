package io.thalamus.retrieval.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextChunkerTest {

    private final TextChunker chunker = new TextChunker(100, 20);

    @Test
    void aShortTextIsOneChunk() {
        assertThat(chunker.chunks("Vitamin D and bone density.")).containsExactly("Vitamin D and bone density.");
    }

    @Test
    void aLongTextIsCutAfterSentencesWithinTheLimitAndCoversEveryWord() {
        String text = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> "Sentence number " + i + " talks about one single thing.")
                .collect(Collectors.joining(" "));
        List<String> chunks = chunker.chunks(text);

        assertThat(chunks).hasSizeGreaterThan(5).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(100));
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk).endsWith("."));
        for (String word : text.split(" ")) {
            assertThat(chunks).anySatisfy(chunk -> assertThat(chunk).contains(word));
        }
        assertThat(chunks.get(chunks.size() - 1)).endsWith("number 12 talks about one single thing.");
    }

    @Test
    void aTextWithoutSpacesIsCutAtTheLimit() {
        assertThat(chunker.chunks("x".repeat(250))).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(100))
                .hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void overlapMustLeaveRoomToAdvance() {
        assertThatThrownBy(() -> new TextChunker(100, 60)).isInstanceOf(IllegalArgumentException.class);
    }
}
