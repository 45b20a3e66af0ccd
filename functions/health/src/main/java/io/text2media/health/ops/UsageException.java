package io.text2media.health.ops;

/** A command line the operator has to fix: exit code {@link ExitCodes#USAGE}, with the usage text. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
