package io.thalamus.router.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.ImageInput;
import io.thalamus.router.openai.chat.ChatMessage;
import io.thalamus.router.openai.chat.ChatPrompt;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiMappingTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theLastUserMessageGivesTheQuestionAndTheImage() throws Exception {
        List<ChatMessage> messages = List.of(
                new ChatMessage("system", mapper.readTree("\"Be brief.\"")),
                new ChatMessage("user", mapper.readTree("""
                        [{"type":"text","text":"What is it?"},
                         {"type":"image_url","image_url":{"url":"data:image/png;base64,AAEC","detail":"low"}}]""")));
        ChatPrompt prompt = ChatPrompt.of(messages);
        assertThat(prompt.text()).isEqualTo("What is it?");
        assertThat(prompt.imageUrl()).isEqualTo("data:image/png;base64,AAEC");
        assertThat(prompt.imageField()).isEqualTo("messages[1].content[1].image_url.url");
    }

    @Test
    void aSecondImageOrAnUnknownPartIsRefused() throws Exception {
        String twoImages = """
                [{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]""";
        assertThat(param(() -> ChatPrompt.of(List.of(new ChatMessage("user", mapper.readTree(twoImages))))))
                .isEqualTo("messages[0].content[1]");
        String audio = "[{\"type\":\"input_audio\",\"input_audio\":{}}]";
        assertThat(param(() -> ChatPrompt.of(List.of(new ChatMessage("user", mapper.readTree(audio))))))
                .isEqualTo("messages[0].content[0].type");
    }

    @Test
    void dataUrlsDecodeToAnImage() {
        ImageInput image = DataUrl.decode("data:image/png;base64,AAEC", "f");
        assertThat(image.mediaType()).isEqualTo("image/png");
        assertThat(image.data()).containsExactly(0, 1, 2);
        assertThat(param(() -> DataUrl.decode("data:image/png,notbase64", "f"))).isEqualTo("f");
    }

    @Test
    void problemsCarryAnOpenAiErrorMember() {
        Problem invalid = Problem.invalid("1 invalid field(s)", List.of(new FieldError("input", "is empty")));
        assertThat(OpenAiError.of(invalid))
                .isEqualTo(new OpenAiError("'input' is empty", "invalid_request_error", "input", "invalid-request"));
        assertThat(OpenAiError.of(Problem.of(ProblemType.NO_EXPERT, "none")))
                .isEqualTo(new OpenAiError("none", "server_error", null, "no-expert-available"));
    }

    private static String param(Call call) {
        ProblemException problem = catchThrowableOfType(ProblemException.class, call::run);
        assertThat(problem).isNotNull();
        return problem.problem().errors().get(0).field();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }
}
