package io.text2media.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A lean closed-loop HTTP/1.1 client for throughput figures: one kept-alive socket per client, the request bytes
 * written as prepared, the answer's body skipped by its {@code Content-Length}. The JDK's HttpClient funnels every
 * connection through one selector thread and copies each body several times; with 130 KB answers at thousands per
 * second it, not the server, was the bottleneck on two cores.
 */
final class KeepAliveLoad {

    /** A raw POST with a JSON body; {@code headers} are name/value pairs. */
    static byte[] post(String host, int port, String path, String body, String... headers) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + payload.length);
        System.arraycopy(payload, 0, all, h.length, payload.length);
        return all;
    }

    LoadGenerator.Result run(String host, int port, int clients, Duration warmUp, Duration duration, IntFunction<byte[]> request)
            throws InterruptedException {
        return run(host, port, clients, warmUp, duration, Duration.ZERO, request);
    }

    /**
     * The same, with the clients' first requests spread evenly over {@code spread}. Closed-loop clients that start
     * together against an upstream with a fixed latency stay in lockstep: every request of a wave arrives at once and
     * the last one queues behind the others, which no population of real users does.
     */
    LoadGenerator.Result run(String host, int port, int clients, Duration warmUp, Duration duration, Duration spread,
                             IntFunction<byte[]> request) throws InterruptedException {
        if (!warmUp.isZero()) {
            loop(host, port, clients, warmUp, spread, request);
        }
        return loop(host, port, clients, duration, spread, request);
    }

    private LoadGenerator.Result loop(String host, int port, int clients, Duration duration, Duration spread,
                                      IntFunction<byte[]> request) throws InterruptedException {
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                long[] samples = new long[1 << 17]; // 131072 per client and run: far above what 20 s can fill
                perClient.add(samples);
                int index = c;
                byte[] bytes = request.apply(index);
                threads.submit(() -> {
                    int n = 0;
                    byte[] skip = new byte[64 * 1024];
                    try (Socket socket = new Socket()) {
                        Thread.sleep(spread.toMillis() * index / clients);
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress(host, port), 5000);
                        OutputStream out = socket.getOutputStream();
                        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                        while (System.nanoTime() < end && n < samples.length) {
                            long t0 = System.nanoTime();
                            out.write(bytes);
                            out.flush();
                            int status = readResponse(in, skip);
                            if (status >= 400) {
                                errors.incrementAndGet();
                            }
                            samples[n++] = System.nanoTime() - t0;
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        counts[index] = n;
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int offset = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, offset, counts[c]);
            offset += counts[c];
        }
        Arrays.sort(all);
        return new LoadGenerator.Result(total, errors.get(), seconds, all);
    }

    /** Reads one response (status line, headers, Content-Length body) and returns its status. */
    private static int readResponse(InputStream in, byte[] skip) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        String header;
        while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length: this client only reads sized answers");
        }
        while (length > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, length));
            if (r < 0) {
                throw new IOException("connection closed mid-body");
            }
            length -= r;
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        throw new IOException("connection closed");
    }
}
