package io.text2media.feedback;

import io.text2media.shared.auth.ConstantTime;
import io.text2media.shared.http.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admin routes' key: {@code X-Admin-Key}, {@code Authorization: Bearer} or the original's {@code ?admin_key=}
 * (the existing admin page sends that one), compared in constant time. Unset {@code ADMIN_KEY}: always refused.
 * Refusal is the original's {@code 403 {"error":"管理员权限验证失败"}}.
 */
final class AdminKeyGate {
    static final String FORBIDDEN = "管理员权限验证失败";
    static final String HEADER = "X-Admin-Key";

    private final Optional<String> adminKey;

    AdminKeyGate(Optional<String> adminKey) {
        this.adminKey = adminKey;
    }

    void require(ServerRequest request) {
        if (adminKey.isEmpty()) {
            throw forbidden();
        }
        boolean ok = false;
        for (String candidate : candidates(request)) {
            ok |= ConstantTime.equals(adminKey.get(), candidate); // no early exit: every candidate costs the same
        }
        if (!ok) {
            throw forbidden();
        }
    }

    private static List<String> candidates(ServerRequest request) {
        List<String> out = new ArrayList<>(3);
        request.headers().first(HeaderNames.create(HEADER)).map(String::trim).ifPresent(out::add);
        request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.startsWith("Bearer "))
                .map(v -> v.substring("Bearer ".length()).trim())
                .ifPresent(out::add);
        request.query().first("admin_key").asOptional().ifPresent(out::add);
        return out;
    }

    private static ApiException forbidden() {
        return ApiException.error(403, "forbidden", FORBIDDEN);
    }
}
