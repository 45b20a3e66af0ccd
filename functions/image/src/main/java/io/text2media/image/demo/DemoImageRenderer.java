package io.text2media.image.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws the offline demo image: a two-colour gradient chosen from the prompt and seed (so different requests look
 * different), a white panel, and the word DEMO above the prompt in the built-in bitmap font.
 */
public final class DemoImageRenderer {
    private static final int INK = 0x202020;
    private static final int PANEL = 0xF8F8F8;
    private static final int LABEL = 0xC0392B;

    private DemoImageRenderer() {
    }

    public static byte[] png(String prompt, int width, int height, long seed) {
        int[] px = new int[width * height];
        int hash = prompt.hashCode() * 31 + Long.hashCode(seed);
        int from = 0x404040 | (hash & 0x7F7F7F);
        int to = 0x404040 | ((hash >>> 7) & 0x7F7F7F);
        for (int y = 0; y < height; y++) {
            int color = mix(from, to, y, Math.max(1, height - 1));
            java.util.Arrays.fill(px, y * width, (y + 1) * width, color);
        }
        int scale = Math.max(1, Math.min(width, height) / 160);
        int margin = Math.max(4, width / 16);
        int cell = (BitmapFont.WIDTH + 1) * scale;
        int line = (BitmapFont.HEIGHT + 3) * scale;
        int perLine = Math.max(1, (width - 2 * margin - 2 * scale) / cell);
        int maxLines = Math.max(1, (height - 2 * margin) / line - 2);
        List<int[]> lines = wrap(prompt, perLine, maxLines);
        int panelHeight = (lines.size() + 2) * line + 2 * scale;
        int top = Math.max(0, (height - panelHeight) / 2);
        fill(px, width, height, margin, top, width - 2 * margin, panelHeight, PANEL);
        text(px, width, height, "DEMO".codePoints().toArray(), margin + scale, top + scale, scale, LABEL);
        for (int i = 0; i < lines.size(); i++) {
            text(px, width, height, lines.get(i), margin + scale, top + scale + (i + 2) * line, scale, INK);
        }
        return PngEncoder.encode(width, height, px);
    }

    private static List<int[]> wrap(String prompt, int perLine, int maxLines) {
        int[] cps = prompt.replaceAll("\\s+", " ").strip().codePoints().toArray();
        List<int[]> lines = new ArrayList<>();
        for (int start = 0; start < cps.length && lines.size() < maxLines; start += perLine) {
            int end = Math.min(cps.length, start + perLine);
            int[] part = java.util.Arrays.copyOfRange(cps, start, end);
            if (lines.size() == maxLines - 1 && end < cps.length && part.length >= 3) {
                part[part.length - 1] = '.';
                part[part.length - 2] = '.';
                part[part.length - 3] = '.';
            }
            lines.add(part);
        }
        return lines;
    }

    private static void text(int[] px, int width, int height, int[] cps, int x0, int y0, int scale, int color) {
        for (int i = 0; i < cps.length; i++) {
            int gx = x0 + i * (BitmapFont.WIDTH + 1) * scale;
            for (int y = 0; y < BitmapFont.HEIGHT; y++) {
                for (int x = 0; x < BitmapFont.WIDTH; x++) {
                    if (BitmapFont.pixel(cps[i], x, y)) {
                        fill(px, width, height, gx + x * scale, y0 + y * scale, scale, scale, color);
                    }
                }
            }
        }
    }

    private static void fill(int[] px, int width, int height, int x0, int y0, int w, int h, int color) {
        for (int y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
            for (int x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
                px[y * width + x] = color;
            }
        }
    }

    private static int mix(int a, int b, int step, int steps) {
        int r = ((a >> 16 & 0xFF) * (steps - step) + (b >> 16 & 0xFF) * step) / steps;
        int g = ((a >> 8 & 0xFF) * (steps - step) + (b >> 8 & 0xFF) * step) / steps;
        int bl = ((a & 0xFF) * (steps - step) + (b & 0xFF) * step) / steps;
        return r << 16 | g << 8 | bl;
    }
}
