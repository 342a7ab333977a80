package io.thalamus.router.input;

import com.sun.net.httpserver.HttpServer;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.task.ImageInput;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Fetches from a real HTTP server on the loopback interface, which the allow-list admits for the test. */
class ImageUrlFetcherTest {

    private static final String FIELD = "input.image.url";
    private static final byte[] PNG = TestImages.png(20, 20);

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cat.png", exchange -> respond(exchange, 200, PNG));
        server.createContext("/big.png", exchange -> respond(exchange, 200, new byte[5000]));
        server.createContext("/chunked.png", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(new byte[1000]);
                }
            }
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            respond(exchange, 302, new byte[0]);
        });
        server.createContext("/slow.png", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, PNG);
        });
        server.createContext("/missing.png", exchange -> respond(exchange, 404, new byte[0]));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void fetchesAnImageAndTakesItsTypeFromTheContent() {
        ImageInput image = fetcher(List.of("127.0.0.1"), 4096).fetch(url("/cat.png"), FIELD).await().atMost(Duration.ofSeconds(5));
        assertThat(image.data()).isEqualTo(PNG);
        assertThat(image.mediaType()).isEqualTo("image/png");
    }

    @Test
    void loopbackIsRefusedUnlessAllowed() {
        assertThat(failure(fetcher(List.of(), 4096), "/cat.png")).contains("loopback");
    }

    @Test
    void metadataAddressesAreRefused() {
        ProblemException problem = catchThrowableOfType(ProblemException.class, () -> fetcher(List.of("127.0.0.1"), 4096)
                .fetch(URI.create("http://169.254.169.254/latest/meta-data/"), FIELD).await().atMost(Duration.ofSeconds(5)));
        assertThat(problem.problem().errors().get(0).message()).contains("metadata");
    }

    @Test
    void redirectsAreNotFollowed() {
        assertThat(failure(fetcher(List.of("127.0.0.1"), 4096), "/moved")).contains("redirect (HTTP 302)");
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefused() {
        assertThat(failure(fetcher(List.of("127.0.0.1"), 4096), "/big.png")).contains("5000 bytes, the limit is 4096");
    }

    @Test
    void aStreamedBodyIsCutAtTheCap() {
        assertThat(failure(fetcher(List.of("127.0.0.1"), 4096), "/chunked.png")).contains("more than 4096 bytes");
    }

    @Test
    void aSlowServerTimesOut() {
        assertThat(failure(fetcher(List.of("127.0.0.1"), 4096), "/slow.png")).contains("did not answer within 500 ms");
    }

    @Test
    void anErrorStatusIsReported() {
        assertThat(failure(fetcher(List.of("127.0.0.1"), 4096), "/missing.png")).contains("HTTP 404");
    }

    @Test
    void otherSchemesAreRefused() {
        ProblemException problem = catchThrowableOfType(ProblemException.class, () -> fetcher(List.of("127.0.0.1"), 4096)
                .fetch(URI.create("file:///etc/passwd"), FIELD).await().atMost(Duration.ofSeconds(5)));
        assertThat(problem.problem().errors().get(0).field()).isEqualTo(FIELD);
    }

    private String failure(ImageUrlFetcher fetcher, String path) {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> fetcher.fetch(url(path), FIELD).await().atMost(Duration.ofSeconds(10)));
        assertThat(problem).as("a problem for " + path).isNotNull();
        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().errors().get(0).field()).isEqualTo(FIELD);
        return problem.problem().errors().get(0).message();
    }

    private ImageUrlFetcher fetcher(List<String> allowList, int maxBytes) {
        ImageUrlConfig config = new ImageUrlConfig() {
            public boolean enabled() {
                return true;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            public Duration timeout() {
                return Duration.ofMillis(500);
            }

            public Optional<List<String>> allowList() {
                return Optional.of(allowList);
            }

            public boolean allowPrivateNetworks() {
                return false;
            }
        };
        return new ImageUrlFetcher(config, TestLimits.defaults().withMaxImageBytes(maxBytes), vertx);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
