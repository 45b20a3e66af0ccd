package io.text2media.shared.auth;

import jakarta.json.JsonObjectBuilder;

/** A freshly computed hash and the metadata fields the original stores beside it. */
public record PasswordHash(String hash, String salt, int iterations, int keyLength, String digest) {

    /** Writes {@code passwordHash}, {@code salt} and the {@code password*} metadata into a user record. */
    public JsonObjectBuilder writeTo(JsonObjectBuilder record) {
        return record.add("passwordHash", hash)
                .add("salt", salt)
                .add("passwordAlgorithm", "pbkdf2")
                .add("passwordIterations", iterations)
                .add("passwordKeyLength", keyLength)
                .add("passwordDigest", digest);
    }

    @Override
    public String toString() {
        return "PasswordHash[pbkdf2, iterations=" + iterations + ", keyLength=" + keyLength + ", digest=" + digest + "]";
    }
}
