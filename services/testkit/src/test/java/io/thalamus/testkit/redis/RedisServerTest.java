package io.thalamus.testkit.redis;

import io.thalamus.testkit.TestServers;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerTest {

    @Test
    void incrementsACounter() throws IOException {
        RedisServer redis = TestServers.redis();

        try (Socket socket = new Socket(redis.host(), redis.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

            assertThat(command(out, in, "DEL", "quota:acme:requests")).matches(":[01]");
            assertThat(command(out, in, "INCR", "quota:acme:requests")).isEqualTo(":1");
            assertThat(command(out, in, "INCRBY", "quota:acme:requests", "41")).isEqualTo(":42");
        }
        assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
    }

    /** Sends one command in RESP and returns the first line of the reply. */
    private static String command(OutputStream out, BufferedReader in, String... words) throws IOException {
        StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(word).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }
}
