import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small HTTP helpers for the ./thalamus launcher, run as a single-file program (java LauncherTool.java ...)
 * so the launcher needs nothing but a JDK.
 *
 *   wait-ready URL SECONDS        exit 0 once URL answers 200, 1 on time-out
 *   token KEYCLOAK_URL CLIENT SECRET   print an access token (client credentials grant)
 *   post URL TOKEN JSON           POST a JSON body with a bearer token and print the answer
 *   client-secret REALM_JSON CLIENT   print a client's development secret from the realm file
 */
public class LauncherTool {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "wait-ready" -> System.exit(waitReady(URI.create(args[1]), Integer.parseInt(args[2])) ? 0 : 1);
            case "token" -> System.out.println(token(args[1], args[2], args[3]));
            case "post" -> post(URI.create(args[1]), args[2], args[3]);
            case "client-secret" -> System.out.println(clientSecret(java.nio.file.Path.of(args[1]), args[2]));
            default -> {
                System.err.println("usage: LauncherTool wait-ready URL SECONDS | token KEYCLOAK_URL CLIENT SECRET | post URL TOKEN JSON");
                System.exit(2);
            }
        }
    }

    private static boolean waitReady(URI uri, int seconds) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(seconds);
        while (Instant.now().isBefore(until)) {
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static String token(String keycloakRealmUrl, String client, String secret) throws Exception {
        String form = "grant_type=client_credentials&scope=openid"
                + "&client_id=" + URLEncoder.encode(client, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloakRealmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            System.err.println("Keycloak refused the token request for client '" + client + "': HTTP "
                    + response.statusCode());
            System.exit(1);
        }
        return token.group(1);
    }

    /** Finds the "secret" of a client in a realm export (searched between its clientId and the next one). */
    private static String clientSecret(java.nio.file.Path realm, String client) throws IOException {
        String json = java.nio.file.Files.readString(realm);
        Matcher start = Pattern.compile("\"clientId\"\\s*:\\s*\"" + Pattern.quote(client) + "\"").matcher(json);
        if (!start.find()) {
            System.exit(1);
        }
        int end = json.indexOf("\"clientId\"", start.end());
        String section = json.substring(start.end(), end < 0 ? json.length() : end);
        Matcher secret = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"").matcher(section);
        if (!secret.find()) {
            System.exit(1);
        }
        return secret.group(1);
    }

    private static void post(URI uri, String token, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println("HTTP " + response.statusCode());
        System.out.println(response.body());
    }
}
