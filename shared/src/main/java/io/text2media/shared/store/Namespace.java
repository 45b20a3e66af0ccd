package io.text2media.shared.store;

/** The KV namespaces (design.md §3). Rate-limit counters have their own namespace, never USERS. */
public enum Namespace {
    /** key: normalised email; value: the original's user record. */
    USERS,
    /** key: SHA-256 (hex) of the reset token; value: {@code {email, createdAt, used}}. */
    RESET_TOKENS,
    /** the original's feedback keys and per-user lists. */
    FEEDBACK,
    /** the HD image locker and the generation cache. */
    IMAGES_CACHE,
    /** atomic counters for rate limits and quotas. */
    RATE_LIMITS,
    /** short-lived server state other functions need to share, e.g. issued OAuth states. */
    STATE
}
