package io.text2media.image.locker;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.generation.FieldRules;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/images/*}, the HD image locker the frontend still calls (original-contract.md §4.16, the pre-refactor
 * contract). Every route needs a login ({@code 401 {"error":"需要登录"}}); images are the caller's own, another user's
 * id is simply not found.
 */
public final class LockerRoutes {
    /** Base64 of a 2 MiB image plus the other fields, with room to spare: the save route's own body limit. */
    public static final long SAVE_BODY_LIMIT = 3L * 1024 * 1024;
    static final String SAVE_INVALID_JSON = "图片保存请求体必须为 JSON";
    static final String TOO_LARGE = "图片太大，请重试（最大2MB）";
    static final String MISSING_DATA = "缺少必要的参数: data";
    static final String INVALID_DATA = "图片数据不是有效的 base64";
    static final String NOT_FOUND = "图片不存在或已过期";
    static final String DELETE_NOT_FOUND = "图片不存在";
    static final String DELETED = "图片删除成功";
    private static final Pattern ID = Pattern.compile("img_\\d{1,16}_[a-z0-9]{1,16}");
    private static final Pattern DATA_URL = Pattern.compile("^data:(image/[a-z0-9.+-]{1,64});base64,", Pattern.CASE_INSENSITIVE);

    private final FunctionContext context;
    private final HdImageLocker locker;
    private final int maxTextLength;

    public LockerRoutes(FunctionContext context, HdImageLocker locker, int maxTextLength) {
        this.context = context;
        this.locker = locker;
        this.maxTextLength = maxTextLength;
    }

    public void save(ServerRequest req, ServerResponse res) {
        String userId = context.authenticator().require(req).userId();
        JsonObject body = readSaveBody(req);
        HdImageLocker.NewImage image;
        try {
            image = newImage(body);
        } catch (ApiException e) {
            throw asFailure(e);
        }
        JsonObject stored = locker.save(userId, image);
        JsonResponses.created(res, Jsons.object()
                .add("success", true)
                .add("id", stored.getString("id"))
                .add("prompt", stored.get("prompt"))
                .add("created_at", stored.getString("created_at"))
                .add("size", stored.get("size"))
                .add("quality", "HD")
                .build());
    }

    public void daily(ServerRequest req, ServerResponse res) {
        String userId = context.authenticator().require(req).userId();
        List<JsonObject> images = locker.today(userId);
        var list = Jsons.array();
        images.forEach(list::add);
        JsonResponses.ok(res, Jsons.object()
                .add("success", true)
                .add("images", list)
                .add("count", images.size())
                .add("maxCount", HdImageLocker.MAX_PER_DAY)
                .build());
    }

    public void stats(ServerRequest req, ServerResponse res) {
        String userId = context.authenticator().require(req).userId();
        List<JsonObject> images = locker.today(userId);
        long totalSize = images.stream().mapToLong(m -> m.get("size") instanceof jakarta.json.JsonNumber n ? n.longValue() : 0).sum();
        JsonResponses.ok(res, Jsons.object()
                .add("success", true)
                .add("stats", Jsons.object()
                        .add("totalImages", images.size())
                        .add("maxImages", HdImageLocker.MAX_PER_DAY)
                        .add("remainingImages", Math.max(0, HdImageLocker.MAX_PER_DAY - images.size()))
                        .add("totalSize", totalSize)
                        .add("maxSize", HdImageLocker.MAX_PER_DAY * HdImageLocker.MAX_BYTES)
                        .add("today", locker.today().toString()))
                .build());
    }

    public void get(ServerRequest req, ServerResponse res) {
        String userId = context.authenticator().require(req).userId();
        StoredImage image = find(userId, req.path().pathParameters().get("id"));
        JsonObject json = image.json();
        var body = Jsons.object();
        for (String field : new String[] {"id", "prompt", "data", "width", "height", "seed", "model", "negative", "created_at", "quality"}) {
            body.add(field, json.getOrDefault(field, JsonValue.NULL));
        }
        JsonResponses.ok(res, body.build());
    }

    public void download(ServerRequest req, ServerResponse res) {
        String userId = context.authenticator().require(req).userId();
        StoredImage image = find(userId, req.path().pathParameters().get("id"));
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, image.contentType());
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"image_" + image.id() + "." + image.extension() + "\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(image.bytes());
    }

    public void delete(ServerRequest req, ServerResponse res) {
        String userId = context.authenticator().require(req).userId();
        String id = req.path().pathParameters().get("id");
        if (!ID.matcher(id).matches() || !locker.delete(userId, id)) {
            throw ApiException.failure(400, "not_found", DELETE_NOT_FOUND);
        }
        JsonResponses.ok(res, Jsons.object().add("success", true).add("message", DELETED).build());
    }

    private StoredImage find(String userId, String id) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.error(404, "not_found", NOT_FOUND);
        }
        return locker.find(userId, id).orElseThrow(() -> ApiException.error(404, "not_found", NOT_FOUND));
    }

    private JsonObject readSaveBody(ServerRequest req) {
        try {
            return context.json().read(req, SAVE_INVALID_JSON, SAVE_BODY_LIMIT);
        } catch (ApiException e) {
            throw e.status() == 400 ? asFailure(e) : e;
        }
    }

    private HdImageLocker.NewImage newImage(JsonObject body) {
        if (!(body.get("data") instanceof JsonString dataField) || dataField.getString().isEmpty()) {
            throw FieldRules.invalid("data", MISSING_DATA);
        }
        String data = dataField.getString();
        String declaredType = "image/jpeg";
        Matcher prefix = DATA_URL.matcher(data);
        if (prefix.find()) {
            declaredType = prefix.group(1).toLowerCase(java.util.Locale.ROOT);
            data = data.substring(prefix.end());
        }
        long size = (data.length() * 3L + 3) / 4; // the original's estimate: ceil(length * 3 / 4)
        if (size > HdImageLocker.MAX_BYTES) {
            throw FieldRules.invalid("data", TOO_LARGE);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw FieldRules.invalid("data", INVALID_DATA);
        }
        if (bytes.length == 0) {
            throw FieldRules.invalid("data", INVALID_DATA);
        }
        String prompt = FieldRules.optionalText(body, "prompt", maxTextLength).orElse("");
        return new HdImageLocker.NewImage(prompt, data, ImageKinds.sniff(bytes, declaredType),
                integerOrNull(body, "width", 0, 100_000),
                integerOrNull(body, "height", 0, 100_000),
                integerOrNull(body, "seed", -1, Long.MAX_VALUE),
                FieldRules.optionalText(body, "model", 100).map(Jsons::string).orElse(JsonValue.NULL),
                FieldRules.optionalText(body, "negative", maxTextLength).map(Jsons::string).orElse(JsonValue.NULL),
                size);
    }

    private static JsonValue integerOrNull(JsonObject body, String field, long min, long max) {
        return FieldRules.integer(body, field, min, max, " " + min + " 到 " + max + " 之间的整数")
                .map(Jsons::number).orElse(JsonValue.NULL);
    }

    /** The locker's save answers use the {@code {"success":false,"error":...}} envelope. */
    private static ApiException asFailure(ApiException e) {
        ApiException failure = ApiException.failure(e.status(), e.code(), e.body().getString("error"));
        if (e.body().containsKey("field")) {
            failure.field("field", e.body().get("field"));
        }
        return failure;
    }
}
