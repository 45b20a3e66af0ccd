package io.text2media.image;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * {@code POST /api/generate} (dispatch on {@code type}), {@code POST /api/generate/image} and
 * {@code POST /api/pollinations/image}. The original's checks and messages come first (original-contract.md §4.8,
 * §4.9); the field rules of design.md §5.10 follow; the quota is counted only for a request that passed them.
 */
final class GenerateRoutes {
    static final String GENERATE_INVALID_JSON = "生成请求体必须为 JSON";
    static final String PROXY_INVALID_JSON = "图片代理请求体必须为 JSON";
    static final String MISSING_TEXT_AND_TYPE = "缺少必要的参数: text 和 type";
    static final String MISSING_TEXT = "缺少必要的参数: text";
    static final String MISSING_PROMPT = "缺少必要的参数: prompt";
    static final String UNSUPPORTED_TYPE = "不支持的生成类型，请使用 image 或 audio";

    private final FunctionContext context;
    private final ImageRequestReader reader;
    private final ImageGenerationService images;
    private final AudioHandOff audio;

    GenerateRoutes(FunctionContext context, ImageRequestReader reader, ImageGenerationService images, AudioHandOff audio) {
        this.context = context;
        this.reader = reader;
        this.images = images;
        this.audio = audio;
    }

    void generate(ServerRequest req, ServerResponse res) {
        JsonObject body = context.json().read(req, GENERATE_INVALID_JSON);
        if (!Jsons.truthy(body, "text") || !Jsons.truthy(body, "type")) {
            throw ApiException.error(400, "missing_params", MISSING_TEXT_AND_TYPE);
        }
        String type = body.get("type") instanceof JsonString s ? s.getString() : "";
        switch (type) {
            case "image" -> images.serve(reader.generate(body), ImageGenerationService.Flavor.GENERATE, req, res);
            case "audio" -> audio.serve(body, req, res);
            default -> throw ApiException.error(400, "unsupported_type", UNSUPPORTED_TYPE);
        }
    }

    void generateImage(ServerRequest req, ServerResponse res) {
        JsonObject body = context.json().read(req, GENERATE_INVALID_JSON);
        if (!Jsons.truthy(body, "text")) {
            throw ApiException.error(400, "missing_params", MISSING_TEXT);
        }
        images.serve(reader.generate(body), ImageGenerationService.Flavor.GENERATE, req, res);
    }

    void proxy(ServerRequest req, ServerResponse res) {
        JsonObject body = context.json().read(req, PROXY_INVALID_JSON);
        if (!Jsons.truthy(body, "prompt")) {
            throw ApiException.error(400, "missing_params", MISSING_PROMPT);
        }
        images.serve(reader.proxy(body), ImageGenerationService.Flavor.PROXY, req, res);
    }
}
