package io.text2media.audio;

import io.text2media.shared.config.SettingsException;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline provider's speech: a WAV any player reads, longer for more words, shorter when faster. */
class DemoSpeechTest {

    @Test
    void theDevProfileWithoutATokenAnswersAPlayableWav() throws Exception {
        try (TestApp app = TestApp.builder().provider(new AudioProvider()).env("PROFILE", "dev").start()) {
            Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hello there world\"}");
            assertEquals(200, res.status(), res.toString());
            assertEquals("audio/wav", res.header("Content-Type").orElseThrow());
            try (AudioInputStream wav = AudioSystem.getAudioInputStream(new ByteArrayInputStream(res.bytes()))) {
                AudioFormat format = wav.getFormat();
                assertEquals(16_000f, format.getSampleRate());
                assertEquals(16, format.getSampleSizeInBits());
                assertTrue(wav.getFrameLength() > 8_000, "over half a second");
            }
        }
    }

    @Test
    void moreWordsTakeLongerAndSpeedShortensIt() {
        byte[] one = DemoSpeech.wav(new SpeechRequest("hi", "nova", "m", java.util.Optional.empty()));
        byte[] three = DemoSpeech.wav(new SpeechRequest("hi there you", "nova", "m", java.util.Optional.empty()));
        byte[] fast = DemoSpeech.wav(new SpeechRequest("hi there you", "nova", "m", java.util.Optional.of(new java.math.BigDecimal("2"))));
        assertTrue(three.length > 2 * one.length);
        assertTrue(fast.length < three.length * 0.6);
    }

    @Test
    void badAudioSettingsStopTheStartNamingTheVariable() {
        for (Map.Entry<String, String> bad : Map.of("DEFAULT_AUDIO_VOICE", "robot", "POLLINATIONS_TEXT_API_BASE", "nope",
                "GENERATION_PROVIDER", "other").entrySet()) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> TestApp.builder().provider(new AudioProvider()).env(bad.getKey(), bad.getValue()).start().close());
            assertEquals(bad.getKey(), e.variable());
        }
    }
}
