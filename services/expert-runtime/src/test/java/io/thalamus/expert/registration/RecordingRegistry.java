package io.thalamus.expert.registration;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP server that answers like the registry's expert endpoints and records every call. It can be told to
 * answer registrations with 503 a number of times (registry not ready yet) and to forget the expert once (answering
 * the next heartbeat with 404).
 */
public final class RecordingRegistry implements AutoCloseable {

    public record Call(String method, String path, String authorization, String body, long receivedAtNanos, int status) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailableRegistrations = new AtomicInteger();
    private final AtomicInteger forgetOnHeartbeat = new AtomicInteger();
    private final AtomicLong version = new AtomicLong();
    private volatile boolean known;

    private RecordingRegistry(HttpServer server) {
        this.server = server;
    }

    public static RecordingRegistry start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        RecordingRegistry registry = new RecordingRegistry(server);
        server.createContext("/v1/experts/", registry::handle);
        server.start();
        return registry;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answerRegistrationsWithUnavailable(int times) {
        unavailableRegistrations.set(times);
    }

    public void forgetExpertAtNextHeartbeat() {
        forgetOnHeartbeat.set(1);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String pathSuffix) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().endsWith(pathSuffix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        long receivedAt = System.nanoTime();
        String id = path.substring("/v1/experts/".length()).replace("/heartbeat", "");
        int status;
        String answer;
        if ("PUT".equals(method) && path.endsWith("/heartbeat")) {
            if (forgetOnHeartbeat.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                known = false;
            }
            status = known ? 200 : 404;
            answer = known ? registered(id, "READY") : problem(404, "not-found", "No expert " + id);
        } else if ("PUT".equals(method)) {
            if (unavailableRegistrations.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
                answer = problem(503, "no-expert-available", "The registry is starting");
            } else {
                status = known ? 200 : 201;
                known = true;
                answer = registered(id, "REGISTERED");
            }
        } else if ("DELETE".equals(method)) {
            status = known ? 202 : 404;
            answer = known ? registered(id, "DRAINING") : problem(404, "not-found", "No expert " + id);
        } else {
            status = 405;
            answer = problem(405, "method-not-allowed", method);
        }
        calls.add(new Call(method, path, authorization, body, receivedAt, status));
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status < 400 ? "application/json" : "application/problem+json");
        if (status < 400) {
            exchange.getResponseHeaders().add("ETag", "\"" + version.get() + "\"");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String registered(String id, String state) {
        long v = version.incrementAndGet();
        Instant now = Instant.now();
        return "{\"descriptor\":{\"id\":\"" + id + "\"},\"state\":\"" + state + "\",\"stateSince\":\"" + now
                + "\",\"version\":" + v + ",\"leaseExpiresAt\":\"" + now.plusSeconds(15) + "\"}";
    }

    private static String problem(int status, String slug, String detail) {
        return "{\"type\":\"https://thalamus.dev/problems/" + slug + "\",\"title\":\"" + slug + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\"}";
    }
}
