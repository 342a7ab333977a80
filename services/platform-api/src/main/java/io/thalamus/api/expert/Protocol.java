package io.thalamus.api.expert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** The wire protocol an expert speaks. */
public enum Protocol {
    /** Thalamus expert protocol v1: {@code POST /v1/invoke} and {@code /v1/invoke:batch}. */
    THALAMUS_V1("thalamus-v1"),
    /** OpenAI chat completions (vLLM, TGI, Ollama). */
    OPENAI_CHAT("openai-chat"),
    /** Open Inference Protocol v2 (KServe, Triton). */
    KSERVE_V2("kserve-v2");

    private final String wireName;

    Protocol(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Protocol fromWire(String value) {
        return Arrays.stream(values())
                .filter(p -> p.wireName.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown protocol '" + value + "', expected one of thalamus-v1, openai-chat, kserve-v2"));
    }
}
