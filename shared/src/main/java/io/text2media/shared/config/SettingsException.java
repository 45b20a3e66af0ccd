package io.text2media.shared.config;

/**
 * A configuration value is missing or invalid. The message names the variable and never carries a secret's value:
 * the launcher prints it and stops the start.
 */
public final class SettingsException extends RuntimeException {
    private final String variable;

    public SettingsException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
