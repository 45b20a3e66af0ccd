package io.text2media.shared.lang;

import java.util.Optional;
import java.util.function.Supplier;

/** A value built on first use, once, thread-safely: what a function does not use costs nothing at start. */
public final class Lazy<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = factory.get();
                    value = v;
                }
            }
        }
        return v;
    }

    /** The value if it was built already, without building it. */
    public Optional<T> ifBuilt() {
        return Optional.ofNullable(value);
    }
}
