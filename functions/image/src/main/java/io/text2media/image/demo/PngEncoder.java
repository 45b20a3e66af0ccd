package io.text2media.image.demo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG writer (8-bit RGB, no filtering): the demo needs no java.awt, so it runs on headless and minimal
 * JVMs without fonts or native imaging libraries.
 */
public final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {
    }

    /** {@code rgb} holds {@code width * height} pixels as 0xRRGGBB, row by row. */
    public static byte[] encode(int width, int height, int[] rgb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 4 + 1024);
        out.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", header.array());
        chunk(out, "IDAT", deflate(width, height, rgb));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(int width, int height, int[] rgb) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(width * height / 8 + 1024);
            byte[] row = new byte[1 + width * 3];
            byte[] buf = new byte[64 * 1024];
            for (int y = 0; y < height; y++) {
                row[0] = 0; // filter type: none
                for (int x = 0; x < width; x++) {
                    int p = rgb[y * width + x];
                    row[1 + x * 3] = (byte) (p >> 16);
                    row[2 + x * 3] = (byte) (p >> 8);
                    row[3 + x * 3] = (byte) p;
                }
                deflater.setInput(row);
                while (!deflater.needsInput()) {
                    int n = deflater.deflate(buf);
                    compressed.write(buf, 0, n);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                compressed.write(buf, 0, n);
            }
            return compressed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
