package io.text2media.shared.config;

/** {@code dev}: what {@code make run} uses (generated secrets, demo fallbacks); {@code prod}: everything else. */
public enum Profile {
    DEV,
    PROD;

    public boolean isDev() {
        return this == DEV;
    }
}
