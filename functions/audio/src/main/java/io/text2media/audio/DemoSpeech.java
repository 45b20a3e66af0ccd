package io.text2media.audio;

import io.text2media.shared.http.RequestInfo;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

/**
 * The offline provider: a short WAV (16-bit mono PCM, 16 kHz) of soft tones, one per word, pitched by the voice and
 * paced by the speed. Enough for a frontend to play, download and show; no token, no network.
 */
final class DemoSpeech implements SpeechSource {
    static final String UPSTREAM = "demo";
    static final int SAMPLE_RATE = 16_000;
    private static final int MAX_WORDS = 12;

    @Override
    public String upstream() {
        return UPSTREAM;
    }

    @Override
    public void checkConfigured(String prefix) {
        // always ready
    }

    @Override
    public SpeechAudio open(SpeechRequest request, String prefix, RequestInfo info) {
        byte[] wav = wav(request);
        return new SpeechAudio("audio/wav", new ByteArrayInputStream(wav), OptionalLong.of(wav.length), () -> { });
    }

    static byte[] wav(SpeechRequest request) {
        double speed = request.speed().map(java.math.BigDecimal::doubleValue).orElse(1.0);
        String[] words = request.text().strip().split("\\s+");
        int count = Math.max(1, Math.min(MAX_WORDS, words.length));
        int toneSamples = (int) (SAMPLE_RATE * 0.18 / speed);
        int gapSamples = (int) (SAMPLE_RATE * 0.07 / speed);
        int samples = count * (toneSamples + gapSamples);
        double base = 180 + Math.floorMod(request.voice().hashCode(), 200);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int w = 0; w < count; w++) {
            double freq = base * (1 + Math.floorMod(words[Math.min(w, words.length - 1)].hashCode(), 5) / 8.0);
            for (int i = 0; i < toneSamples; i++) {
                double envelope = Math.sin(Math.PI * i / toneSamples);
                pcm.putShort((short) (Math.sin(2 * Math.PI * freq * i / SAMPLE_RATE) * envelope * 8000));
            }
            for (int i = 0; i < gapSamples; i++) {
                pcm.putShort((short) 0);
            }
        }
        return riff(pcm.array());
    }

    private static byte[] riff(byte[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + pcm.length)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
        return b.array();
    }
}
