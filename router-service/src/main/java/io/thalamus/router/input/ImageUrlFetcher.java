package io.thalamus.router.input;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.task.ImageInput;
import io.thalamus.model.image.ImageFormat;
import io.thalamus.router.task.TaskLimits;
import io.thalamus.support.net.UnsafeUrlException;
import io.thalamus.support.net.UrlGuard;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches an image from a caller's URL: checked by the SSRF guard, connected to the very address the guard
 * approved (no second DNS answer), redirects refused, size capped while reading, and the whole fetch
 * bounded in time. The bytes are then checked like an inline image.
 */
@ApplicationScoped
public class ImageUrlFetcher {

    private final ImageUrlConfig config;
    private final TaskLimits limits;
    private final UrlGuard guard;
    private final HttpClient client;

    public ImageUrlFetcher(ImageUrlConfig config, TaskLimits limits, Vertx vertx) {
        this.config = config;
        this.limits = limits;
        this.guard = new UrlGuard(config.allowList().orElse(List.of()), config.allowPrivateNetworks());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxRedirects(0));
    }

    /** The image at {@code url}; failures are 400 problems naming {@code field}. */
    public Uni<ImageInput> fetch(URI url, String field) {
        return Uni.createFrom().item(() -> approvedAddress(url, field))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // the guard resolves DNS, which blocks
                .chain(address -> download(url, address, field))
                .map(bytes -> new ImageInput(ImageFormat.detect(bytes).map(ImageFormat::mediaType).orElse(null), bytes));
    }

    private InetAddress approvedAddress(URI url, String field) {
        try {
            return guard.check(url).get(0);
        } catch (UnsafeUrlException e) {
            throw invalid(field, "is refused: " + e.getMessage());
        }
    }

    private Uni<byte[]> download(URI url, InetAddress address, String field) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url.toString())
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.ACCEPT, "image/*");
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        Uni<byte[]> body = Uni.createFrom().emitter(emitter -> client.request(options)
                .onFailure(failure -> emitter.fail(invalid(field, "could not be fetched: " + failure.getMessage())))
                .onSuccess(request -> {
                    inFlight.set(request);
                    request.send()
                            .onFailure(failure -> emitter.fail(invalid(field, "could not be fetched: " + failure.getMessage())))
                            .onSuccess(response -> read(response, request, field, emitter));
                }));
        return body.ifNoItem().after(config.timeout()).failWith(() -> {
            HttpClientRequest request = inFlight.get();
            if (request != null) {
                request.reset();
            }
            return invalid(field, "did not answer within " + config.timeout().toMillis() + " ms");
        });
    }

    private void read(HttpClientResponse response, HttpClientRequest request, String field,
                      io.smallrye.mutiny.subscription.UniEmitter<? super byte[]> emitter) {
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            emitter.fail(invalid(field, "answered with a redirect (HTTP " + status + "), which is not followed: "
                    + "send the final URL"));
            request.reset();
            return;
        }
        if (status != 200) {
            emitter.fail(invalid(field, "answered HTTP " + status));
            request.reset();
            return;
        }
        long max = limits.maxImageBytes();
        String declaredLength = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declaredLength != null && parseLength(declaredLength) > max) {
            emitter.fail(invalid(field, "points to " + declaredLength + " bytes, the limit is " + max));
            request.reset();
            return;
        }
        // the emitter is failed before a reset: a reset fires the exception handler at once
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > max) {
                emitter.fail(invalid(field, "points to more than " + max + " bytes, the limit is " + max));
                request.reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(failure -> emitter.fail(invalid(field, "could not be read: " + failure.getMessage())));
        response.endHandler(done -> emitter.complete(body.getBytes()));
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.invalid("'" + field + "' " + message, List.of(new FieldError(field, message))));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
