package io.thalamus.router.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.thalamus.api.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server speaking one expert protocol for tests: OpenAI chat completions, KServe V2 inference or the
 * Thalamus protocol. It checks the requests it gets like a model server would (400 on a malformed one) and answers
 * from their content, so a test sees what reached it. It can be told to misbehave.
 */
final class TestExpertServer implements AutoCloseable {

    enum Protocol { OPENAI, KSERVE, THALAMUS }

    enum Behaviour {
        ANSWER,
        /** Holds every request until the server dies or is closed: no answer at all. */
        HANG,
        /** Starts a 200 answer and breaks off in the middle of the body. */
        PARTIAL,
        /** 503 with a problem: draining. */
        UNAVAILABLE,
        /** 500 without a body. */
        CRASH
    }

    private static final ObjectMapper MAPPER = Json.newMapper();

    private final Protocol protocol;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.ANSWER);
    private final CountDownLatch released = new CountDownLatch(1);

    private TestExpertServer(Protocol protocol) throws IOException {
        this.protocol = protocol;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static TestExpertServer start(Protocol protocol) throws IOException {
        return new TestExpertServer(protocol);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void behave(Behaviour next) {
        behaviour.set(next);
    }

    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    List<String> paths() {
        return List.copyOf(paths);
    }

    /** Stops listening and drops every open connection, answered or not. */
    void die() {
        server.stop(0);
        released.countDown();
    }

    @Override
    public void close() {
        die();
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            requests.add(body);
            paths.add(exchange.getRequestURI().getPath());
            switch (behaviour.get()) {
                case HANG -> {
                    released.await(60, TimeUnit.SECONDS);
                    return;
                }
                case UNAVAILABLE -> {
                    send(exchange, 503, "application/problem+json", "{\"type\":\"https://thalamus.dev/problems/no-expert-available\","
                            + "\"title\":\"No expert can serve this request\",\"status\":503,\"detail\":\"draining\"}");
                    return;
                }
                case CRASH -> {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                default -> {
                }
            }
            String error = check(exchange.getRequestURI().getPath(), body);
            if (error != null) {
                send(exchange, 400, "application/json", MAPPER.writeValueAsString(MAPPER.createObjectNode().put("error", error)));
                return;
            }
            String answer = answer(exchange.getRequestURI().getPath(), body);
            if (behaviour.get() == Behaviour.PARTIAL) {
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                OutputStream out = exchange.getResponseBody();
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                throw new IOException("breaking off on purpose");
            }
            send(exchange, 200, "application/json", answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String check(String path, JsonNode body) {
        return switch (protocol) {
            case OPENAI -> {
                if (!path.equals("/v1/chat/completions")) {
                    yield "unknown path " + path;
                }
                if (!body.path("model").isTextual() || !body.path("messages").isArray() || body.path("messages").isEmpty()) {
                    yield "model and messages are required";
                }
                yield null;
            }
            case KSERVE -> {
                if (!path.matches("/v2/models/[^/]+/infer")) {
                    yield "unknown path " + path;
                }
                for (JsonNode input : body.path("inputs")) {
                    if (!input.path("name").isTextual() || !input.path("shape").isArray()
                            || !input.path("datatype").isTextual() || !input.path("data").isArray()) {
                        yield "every input needs name, shape, datatype and data";
                    }
                }
                yield body.path("inputs").isEmpty() ? "inputs are required" : null;
            }
            case THALAMUS -> path.equals("/v1/invoke") && body.path("requestId").isTextual() ? null : "bad invoke request";
        };
    }

    private String answer(String path, JsonNode body) throws IOException {
        return switch (protocol) {
            case OPENAI -> {
                JsonNode content = body.path("messages").path(0).path("content");
                String text = content.isTextual() ? content.asText() : "";
                String image = "";
                for (JsonNode part : content) {
                    if (part.path("type").asText().equals("text")) {
                        text = part.path("text").asText();
                    } else if (part.path("type").asText().equals("image_url")) {
                        image = describeDataUrl(part.path("image_url").path("url").asText());
                    }
                }
                ObjectNode answer = MAPPER.createObjectNode();
                answer.put("id", "chatcmpl-test").put("object", "chat.completion").put("model", body.path("model").asText());
                ObjectNode choice = answer.putArray("choices").addObject();
                choice.put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", reply(text, image));
                answer.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 5).put("total_tokens", 17);
                yield MAPPER.writeValueAsString(answer);
            }
            case KSERVE -> {
                String text = "";
                String image = "";
                for (JsonNode input : body.path("inputs")) {
                    if (input.path("name").asText().equals("text")) {
                        text = input.path("data").path(0).asText();
                    } else if (input.path("name").asText().equals("image")) {
                        image = input.path("parameters").path("media_type").asText() + " of "
                                + Base64.getDecoder().decode(input.path("data").path(0).asText()).length + " bytes";
                    }
                }
                String model = path.split("/")[3];
                ObjectNode answer = MAPPER.createObjectNode();
                answer.put("model_name", model).put("id", body.path("id").asText());
                ObjectNode output = answer.putArray("outputs").addObject();
                output.put("name", "answer").put("datatype", "BYTES");
                output.putArray("shape").add(1);
                output.putArray("data").add(reply(text, image));
                yield MAPPER.writeValueAsString(answer);
            }
            case THALAMUS -> {
                ObjectNode answer = MAPPER.createObjectNode();
                answer.put("requestId", body.path("requestId").asText()).put("modelId", "thalamus-test");
                answer.putObject("output").put("answer", reply(body.path("input").path("text").asText(), ""));
                answer.putObject("usage").put("gpuMillis", 3).put("credits", 0.001);
                yield MAPPER.writeValueAsString(answer);
            }
        };
    }

    private static String reply(String text, String image) {
        return "answer to '" + text + "'" + (image.isEmpty() ? "" : " looking at " + image);
    }

    /** {@code data:image/png;base64,...} → "image/png of N bytes". */
    private static String describeDataUrl(String url) {
        if (!url.startsWith("data:") || !url.contains(";base64,")) {
            return "an image that is not a data URL";
        }
        String mediaType = url.substring(5, url.indexOf(';'));
        byte[] bytes = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        return mediaType + " of " + bytes.length + " bytes";
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
