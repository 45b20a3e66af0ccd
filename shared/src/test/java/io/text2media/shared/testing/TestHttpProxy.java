package io.text2media.shared.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on loopback for tests: {@code CONNECT host:port} opens a tunnel (https targets), an absolute-form
 * request ({@code GET http://host:port/path}) is passed to its host as it is. It records each connection's first
 * request line and its {@code Proxy-Authorization} header, so a test sees which calls went through it.
 */
public final class TestHttpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public TestHttpProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("test-proxy").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The first request line of every connection made through the proxy, in order. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String line = head.getFirst();
            requestLines.add(line);
            head.stream().filter(h -> h.regionMatches(true, 0, "Proxy-Authorization:", 0, 20))
                    .forEach(h -> authorizations.add(h.substring(20).trim()));
            String[] parts = line.split(" ");
            if (parts[0].equals("CONNECT")) {
                String[] hostPort = parts[1].split(":");
                try (Socket target = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    open.add(target);
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    pipe(client, target, new byte[0]);
                }
            } else {
                URI uri = URI.create(parts[1]);
                try (Socket target = new Socket(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80)) {
                    open.add(target);
                    // The origin server takes the absolute form too (RFC 9112 §3.2.2): forward the head as it came.
                    ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
                    for (String h : head) {
                        headBytes.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                    headBytes.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    pipe(client, target, headBytes.toByteArray());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the client or the target went away
        }
    }

    /** Copies both ways until either side closes; {@code first} goes to the target before the client's bytes. */
    private static void pipe(Socket client, Socket target, byte[] first) throws IOException {
        OutputStream toTarget = target.getOutputStream();
        toTarget.write(first);
        toTarget.flush();
        Thread back = Thread.ofVirtual().start(() -> copy(target, client));
        copy(client, target);
        try {
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String l = line.toString().replace("\r", "");
                if (l.isEmpty()) {
                    return lines;
                }
                lines.add(l);
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
