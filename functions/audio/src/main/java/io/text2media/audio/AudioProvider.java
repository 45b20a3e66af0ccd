package io.text2media.audio;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.shared.generation.GenerationSettings;
import io.text2media.shared.generation.QuotaGate;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.speech.SpeechService;

import jakarta.json.JsonObject;

/**
 * The audio function: {@code POST /api/generate/audio}, and the {@link SpeechService} the image function hands
 * {@code type:"audio"} of {@code POST /api/generate} to when both run in one process.
 */
public final class AudioProvider implements FunctionProvider {
    static final String INVALID_JSON = "生成请求体必须为 JSON";
    static final String MISSING_TEXT = "缺少必要的参数: text";

    @Override
    public String name() {
        return "audio";
    }

    @Override
    public void routing(FunctionRoutes routes, FunctionContext context) {
        GenerationSettings generation = GenerationSettings.from(context.env(), context.settings().profile());
        AudioSettings settings = AudioSettings.from(context.env());
        generation.announce(name());
        context.database(); // the quota uses the store: start the pool now, for readiness

        SpeechSource source = generation.demo() ? new DemoSpeech()
                : new PollinationsSpeech(generation, context.upstreams().client(PollinationsSpeech.UPSTREAM));
        SpeechEndpoint speech = new SpeechEndpoint(new SpeechRequestReader(settings, generation.maxPromptLength()), source,
                new QuotaGate(context), context.metricEvents());
        context.provide(SpeechService.class, speech);
        routes.post("/api/generate/audio", (req, res) -> {
            JsonObject body = context.json().read(req, INVALID_JSON);
            if (!Jsons.truthy(body, "text")) {
                throw ApiException.error(400, "missing_params", MISSING_TEXT);
            }
            speech.serve(body, req, res);
        });
    }
}
