package io.text2media.prompt;

/**
 * A chat completion's content (trimmed; empty when the model said nothing) and the token usage the upstream reported
 * (null when it did not), with the key and attempts that produced it.
 */
record ChatAnswer(String content, Integer promptTokens, Integer completionTokens, Integer totalTokens,
                  String keyAlias, int attempts) {
}
