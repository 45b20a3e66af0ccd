package io.text2media.shared.auth;

import io.text2media.shared.config.JwtSettings;
import io.text2media.shared.http.Jsons;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Issues and verifies the site's tokens (design.md §5.4): HS256 only, {@code exp} required, claims {@code userId},
 * {@code email}, {@code iat}, {@code exp} and, once it is above zero, the user's token version {@code tv}, which
 * logout and password reset bump to revoke every older token. The original's legacy format is accepted only when
 * {@code JWT_ALLOW_LEGACY=true}.
 */
public final class JwtService {
    public static final String TOKEN_VERSION = "tv";

    private final SecretKey key;
    private final byte[] secretBytes;
    private final JwtParser parser;
    private final JwtSettings settings;
    private final Clock clock;

    public JwtService(JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.secretBytes = settings.secret()
                .orElseThrow(() -> new IllegalStateException("JWT_SECRET is not set"))
                .getBytes(StandardCharsets.UTF_8);
        this.key = Keys.hmacShaKeyFor(secretBytes);
        this.parser = Jwts.parser()
                .json(new JsonpJwtDeserializer())
                .verifyWith(key)
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    public String issue(String userId, String email, long tokenVersion) {
        Instant now = clock.instant();
        JwtBuilder builder = Jwts.builder()
                .json(new JsonpJwtSerializer())
                .header().type("JWT").and()
                .claim("userId", userId)
                .claim("email", email)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(settings.ttl())));
        if (tokenVersion > 0) {
            builder.claim(TOKEN_VERSION, tokenVersion);
        }
        return builder.signWith(key, Jwts.SIG.HS256).compact();
    }

    /** The claims of a valid token; empty for anything else (bad signature, other alg, expired, no exp, malformed). */
    public Optional<TokenClaims> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            if (!"HS256".equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            Date exp = claims.getExpiration();
            Object userId = claims.get("userId");
            Object email = claims.get("email");
            if (exp == null || !(userId instanceof String uid) || !(email instanceof String mail)) {
                return Optional.empty();
            }
            long version = claims.get(TOKEN_VERSION) instanceof Number n ? n.longValue() : 0;
            Date iat = claims.getIssuedAt();
            return Optional.of(new TokenClaims(uid, mail, version, iat == null ? null : iat.toInstant(), exp.toInstant(), false));
        } catch (RuntimeException e) {
            return settings.allowLegacy() ? verifyLegacy(token) : Optional.empty();
        }
    }

    /**
     * The original's legacy format {@code h.c.s}: {@code s = base64(hex(sha256(h + "." + c + "." + secret)))}, claims in
     * standard base64. Compared in constant time; {@code exp} required here too.
     */
    Optional<TokenClaims> verifyLegacy(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (parts[0] + "." + parts[1] + "." + new String(secretBytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            byte[] expected = Base64.getEncoder().encode(HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            String json = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.ISO_8859_1);
            Optional<JsonObject> claims = Jsons.parseObject(json);
            if (claims.isEmpty()) {
                return Optional.empty();
            }
            JsonObject c = claims.get();
            Optional<String> userId = Jsons.string(c, "userId");
            Optional<String> email = Jsons.string(c, "email");
            if (userId.isEmpty() || email.isEmpty() || !(c.get("exp") instanceof jakarta.json.JsonNumber exp)) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(exp.longValue());
            if (!expires.isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new TokenClaims(userId.get(), email.get(), 0, null, expires, true));
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }
}
