package io.text2media.prompt;

/** One chat completion: the instruction (system message), the user's text (its own user message), the temperature. */
record ChatRequest(String instruction, String userText, double temperature) {
}
