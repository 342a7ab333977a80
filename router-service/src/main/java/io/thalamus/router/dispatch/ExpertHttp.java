package io.thalamus.router.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts JSON to experts over one pooled HTTP client, with a time limit per call, a client span and W3C trace
 * context, and failures classified by how far the call got ({@link ExpertCallException.Kind}): whether the request
 * reached the expert, and whether a successful response had started.
 */
@ApplicationScoped
public class ExpertHttp {

    /** A complete response. */
    public record Response(int status, String contentType, byte[] body) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final TextMapSetter<HttpRequest.Builder> HEADERS = (builder, key, value) -> builder.header(key, value);
    private static final int SNIPPET_CHARS = 300;

    private final HttpClient client;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final int maxResponseBytes;

    @Inject
    public ExpertHttp(DispatchConfig config, OpenTelemetry openTelemetry) {
        this(config.connectTimeout(), config.maxResponseBytes(), openTelemetry);
    }

    public ExpertHttp(Duration connectTimeout, int maxResponseBytes, OpenTelemetry openTelemetry) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.tracer = openTelemetry.getTracer("io.thalamus.router.dispatch");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Posts {@code body} and answers the complete response whatever its status; fails with an
     * {@link ExpertCallException} when there is none within {@code timeout}.
     */
    public Uni<Response> postJson(URI uri, byte[] body, Duration timeout, Context parent, String expertId) {
        return send("POST", uri, "application/json", body, Map.of(), timeout, parent, expertId);
    }

    /**
     * Sends a request with any method ({@code body} null for none) and answers the complete response whatever its
     * status; fails with an {@link ExpertCallException} when there is none within {@code timeout}.
     */
    public Uni<Response> send(String method, URI uri, String contentType, byte[] body, Map<String, String> headers,
                              Duration timeout, Context parent, String expertId) {
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.CLIENT).setParent(parent)
                    .setAttribute("http.request.method", method)
                    .setAttribute("url.full", uri.toString())
                    .setAttribute("thalamus.expert.id", expertId)
                    .startSpan();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/json, application/problem+json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (body != null) {
                request.header("Content-Type", contentType);
            }
            headers.forEach(request::header);
            propagator.inject(parent.with(span), request, HEADERS);
            AtomicInteger startedStatus = new AtomicInteger();
            CompletionStage<HttpResponse<byte[]>> sent = client.sendAsync(request.build(), info -> {
                startedStatus.set(info.statusCode());
                return new LimitedBody(maxResponseBytes);
            });
            return Uni.createFrom().completionStage(sent)
                    .ifNoItem().after(timeout).failWith(() -> new ExpertCallException(
                            startedStatus.get() / 100 == 2 ? ExpertCallException.Kind.PARTIAL_RESULT
                                    : ExpertCallException.Kind.TIMEOUT,
                            "no complete answer in time (" + timeout.toMillis() + " ms)", null))
                    .onFailure().transform(failure -> classify(failure, startedStatus.get()))
                    .map(response -> new Response(response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(""), response.body()))
                    .onItemOrFailure().invoke((response, failure) -> {
                        if (response != null) {
                            span.setAttribute("http.response.status_code", response.status());
                            if (response.status() >= 500) {
                                span.setStatus(StatusCode.ERROR);
                            }
                        } else {
                            span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? "" : failure.getMessage());
                        }
                        span.end();
                    })
                    .onCancellation().invoke(span::end);
        });
    }

    /** The failure an error response stands for, with the expert's problem when it sent one. */
    public static ExpertCallException errorStatus(Response response, ObjectMapper mapper) {
        Problem problem = null;
        if (response.contentType().startsWith(Problem.MEDIA_TYPE)) {
            try {
                problem = mapper.readValue(response.body(), Problem.class);
            } catch (IOException | RuntimeException unreadable) {
                problem = null;
            }
        }
        return new ExpertCallException(ExpertCallException.Kind.ERROR_STATUS, response.status(), problem,
                "HTTP " + response.status() + (problem == null ? snippet(response) : ": " + problem.detail()), null);
    }

    /** A result the protocol cannot read. */
    public static ExpertCallException invalidResult(Response response, Throwable cause) {
        return new ExpertCallException(ExpertCallException.Kind.INVALID_RESULT,
                "unreadable result (" + (cause == null ? "" : cause.getMessage() + "; ") + "body" + snippet(response) + ")",
                cause);
    }

    private static String snippet(Response response) {
        String text = response.text().strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "…" : text);
    }

    static ExpertCallException classify(Throwable failure, int startedStatus) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ExpertCallException call) {
            return call;
        }
        String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (startedStatus / 100 == 2) {
            return new ExpertCallException(ExpertCallException.Kind.PARTIAL_RESULT, startedStatus, null,
                    "successful answer broke off (" + message + ")", cause);
        }
        if (startedStatus >= 400) {
            return new ExpertCallException(ExpertCallException.Kind.ERROR_STATUS, startedStatus, null,
                    "HTTP " + startedStatus + " (answer broke off: " + message + ")", cause);
        }
        if (cause instanceof HttpConnectTimeoutException || causedBy(cause, ConnectException.class)) {
            return new ExpertCallException(ExpertCallException.Kind.CONNECT_FAILED, "connection failed (" + message + ")", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ExpertCallException(ExpertCallException.Kind.TIMEOUT, "no answer in time (" + message + ")", cause);
        }
        return new ExpertCallException(ExpertCallException.Kind.NO_RESPONSE, "no answer (" + message + ")", cause);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Collects a response body up to a limit; a longer body fails the call. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private final int limit;
        private Flow.Subscription subscription;
        private long received;
        private boolean done;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (done) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > limit) {
                done = true;
                subscription.cancel();
                bytes.onError(new IOException("response longer than " + limit + " bytes"));
                return;
            }
            bytes.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!done) {
                done = true;
                bytes.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                bytes.onComplete();
            }
        }
    }
}
