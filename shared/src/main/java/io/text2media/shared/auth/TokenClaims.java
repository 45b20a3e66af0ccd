package io.text2media.shared.auth;

import java.time.Instant;

/** The claims of a verified token. {@code legacy}: it was in the original's weak format and should be rotated. */
public record TokenClaims(String userId, String email, long tokenVersion, Instant issuedAt, Instant expiresAt, boolean legacy) {
}
