package io.text2media.image;

/** An image as produced: its media type (e.g. {@code image/jpeg}, never parameters) and bytes. */
record GeneratedImage(String contentType, byte[] bytes) {
}
