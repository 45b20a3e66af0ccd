package io.text2media.audio;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import java.util.List;

/**
 * The audio function's own settings. The voice allow-list defaults to the voices the original's UI lists
 * (original-contract.md §14.1); the default voice ({@code DEFAULT_AUDIO_VOICE}, as the original) must be on it.
 * {@code DEFAULT_AUDIO_MODEL} is what a request without {@code model} is recorded as asking for.
 */
record AudioSettings(List<String> voices, String defaultVoice, String defaultModel) {

    static final List<String> DEFAULT_VOICES = List.of("nova", "alloy", "echo", "fable", "onyx", "shimmer", "coral",
            "verse", "ballad", "ash", "sage");

    static AudioSettings from(Env env) {
        List<String> voices = env.list("AUDIO_VOICES", DEFAULT_VOICES);
        if (voices.isEmpty()) {
            throw new SettingsException("AUDIO_VOICES", "must name at least one voice");
        }
        String defaultVoice = env.string("DEFAULT_AUDIO_VOICE", "nova");
        if (!voices.contains(defaultVoice)) {
            throw new SettingsException("DEFAULT_AUDIO_VOICE", "must be one of AUDIO_VOICES " + voices + ", got '" + defaultVoice + "'");
        }
        String defaultModel = env.string("DEFAULT_AUDIO_MODEL", "openai-audio");
        if (defaultModel.length() > SpeechRequestReader.MAX_MODEL_LENGTH) {
            throw new SettingsException("DEFAULT_AUDIO_MODEL", "must be at most " + SpeechRequestReader.MAX_MODEL_LENGTH + " characters");
        }
        return new AudioSettings(voices, defaultVoice, defaultModel);
    }
}
