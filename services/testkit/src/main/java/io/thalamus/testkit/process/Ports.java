package io.thalamus.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports on the loopback interface, where every test kit server listens. */
public final class Ports {

    public static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /** A port nobody listens on right now (0 asks the operating system for one). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** {@code requested} when it is a fixed port that is free, a free port when it is 0. */
    public static int resolve(int requested, String server) {
        if (requested == 0) {
            return free();
        }
        requireFree(requested, server);
        return requested;
    }

    /** Fails with a message naming the server and the port when something already listens there. */
    public static void requireFree(int port, String server) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(server + ": port " + port + " is not a valid TCP port (1-65535)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
        } catch (IOException inUse) {
            throw new PortInUseException(server, port);
        }
    }

    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException notListening) {
            return false;
        }
    }

    /** A fixed port that another program already uses. */
    public static final class PortInUseException extends IllegalStateException {

        private final int port;

        public PortInUseException(String server, int port) {
            super("cannot start " + server + " on " + HOST + ":" + port + ": the port is already in use by another "
                    + "program; stop that program or choose another port");
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
