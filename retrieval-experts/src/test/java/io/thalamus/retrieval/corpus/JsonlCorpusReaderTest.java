package io.thalamus.retrieval.corpus;

import io.thalamus.api.Json;
import io.thalamus.api.problem.FieldError;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlCorpusReaderTest {

    private final JsonlCorpusReader reader = new JsonlCorpusReader(Json.newMapper(), 50);

    @Test
    void malformedLinesAreReportedByLineNumberWithoutLosingTheGoodOnes() throws Exception {
        String jsonl = """
                {"id":"a","title":"First","text":"alpha text","metadata":{"year":2020}}
                {"id":"b","text":
                {"_id":"c","text":"beir style id"}

                {"id":"d"}
                ["not","an","object"]
                {"id":"e","text":"%s"}
                """.formatted("x".repeat(51));

        JsonlCorpusReader.Result result = reader.read(new StringReader(jsonl));

        assertThat(result.documents()).extracting(Document::id).containsExactly("a", "c");
        assertThat(result.documents().get(0).metadata()).containsEntry("year", "2020");
        assertThat(result.rejected()).extracting(FieldError::field)
                .containsExactly("line 2", "line 5", "line 6", "line 7");
        assertThat(result.rejected().get(1).message()).contains("has no 'text'");
        assertThat(result.rejected().get(3).message()).contains("51 characters").contains("limit is 50");
    }
}
