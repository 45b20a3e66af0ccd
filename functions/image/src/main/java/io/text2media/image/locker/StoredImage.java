package io.text2media.image.locker;

import jakarta.json.JsonObject;

/** One saved HD image as stored: its JSON (the original's fields plus {@code content_type}) and its decoded bytes. */
record StoredImage(JsonObject json) {

    String id() {
        return json.getString("id");
    }

    String contentType() {
        return json.getString("content_type", "image/jpeg");
    }

    byte[] bytes() {
        return java.util.Base64.getDecoder().decode(json.getString("data"));
    }

    /** The original's extension for the download's file name. */
    String extension() {
        return switch (contentType()) {
            case "image/png" -> "png";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "jpg";
        };
    }
}
