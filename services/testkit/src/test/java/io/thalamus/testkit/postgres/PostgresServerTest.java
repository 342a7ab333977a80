package io.thalamus.testkit.postgres;

import io.thalamus.testkit.BuildDirectories;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.process.Ports;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresServerTest {

    @Test
    void storesAndReturnsRowsInTheThalamusDatabase() throws SQLException {
        PostgresServer postgres = TestServers.postgres();

        try (Connection connection = postgres.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE expert_probe (id serial PRIMARY KEY, name text NOT NULL)");
            sql.execute("INSERT INTO expert_probe (name) VALUES ('retrieval'), ('vision')");
            try (ResultSet rows = sql.executeQuery(
                    "SELECT current_database(), current_user, string_agg(name, ',' ORDER BY id) FROM expert_probe")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("thalamus");
                assertThat(rows.getString(2)).isEqualTo("thalamus");
                assertThat(rows.getString(3)).isEqualTo("retrieval,vision");
            }
        }
        assertThat(postgres.reactiveUrl()).isEqualTo("postgresql://127.0.0.1:" + postgres.port() + "/thalamus");
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/thalamus");
    }

    @Test
    void keepsItsDataAcrossARestart() throws SQLException {
        Path directory = BuildDirectories.clean("postgres-restart", "binaries");
        try (PostgresServer first = PostgresServer.start(directory, 0);
             Connection connection = first.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE quota (tenant text PRIMARY KEY, credits int NOT NULL)");
            sql.execute("INSERT INTO quota VALUES ('acme', 42)");
        }

        try (PostgresServer second = PostgresServer.start(directory, 0);
             Connection connection = second.connect(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT credits FROM quota WHERE tenant = 'acme'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void refusesAFixedPortThatIsTaken() throws Exception {
        Path directory = BuildDirectories.clean("postgres-port-taken");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
            assertThatThrownBy(() -> PostgresServer.start(directory, taken.getLocalPort()))
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("PostgreSQL")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }
}
