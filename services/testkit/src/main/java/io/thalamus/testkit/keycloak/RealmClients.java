package io.thalamus.testkit.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Client secrets from a realm export, so tests take them from the same file Keycloak imports. */
public final class RealmClients {

    private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");

    private RealmClients() {
    }

    /** The {@code secret} of client {@code clientId}: the first one between its {@code clientId} and the next. */
    public static String secret(Path realmFile, String clientId) {
        String json;
        try {
            json = Files.readString(realmFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + realmFile, e);
        }
        Matcher client = Pattern.compile("\"clientId\"\\s*:\\s*\"" + Pattern.quote(clientId) + "\"").matcher(json);
        if (!client.find()) {
            throw new IllegalArgumentException("no client '" + clientId + "' in " + realmFile);
        }
        int next = json.indexOf("\"clientId\"", client.end());
        Matcher secret = SECRET.matcher(json.substring(client.end(), next < 0 ? json.length() : next));
        if (!secret.find()) {
            throw new IllegalArgumentException("client '" + clientId + "' in " + realmFile + " has no secret (public client?)");
        }
        return secret.group(1);
    }
}
