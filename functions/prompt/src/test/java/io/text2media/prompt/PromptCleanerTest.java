package io.text2media.prompt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cleaning rule of optimized_text (original-contract.md §4.10). */
class PromptCleanerTest {

    @Test
    void theVerifiedExampleKeepsThreeSpaces() {
        assertEquals("A cute cat, masterpiece,   best quality.",
                PromptCleaner.clean("A cute cat, masterpiece, 高清 best quality."));
    }

    @Test
    void runsAreJoinedWithOneSpaceAndTrimmed() {
        assertEquals("a b", PromptCleaner.clean("高a高b高"));
        assertEquals("x y", PromptCleaner.clean("猫x猫猫y"));
        assertEquals("keep #@$%^&*+=_\\|/~- ()[]{}<>'\":;!?.,", PromptCleaner.clean("keep #@$%^&*+=_\\|/~- ()[]{}<>'\":;!?.,"));
    }

    @Test
    void nothingLeftGivesTheRawOutputBack() {
        assertEquals("一只猫", PromptCleaner.clean("一只猫"));
        assertEquals("", PromptCleaner.clean(""));
    }

    @Test
    void whitespaceIsJavaScriptsUnicodeAwareSet() {
        // U+3000 (ideographic space) and U+00A0 belong to JavaScript's \s: they stay inside a run and are trimmed at the ends
        assertEquals("a\u3000b", PromptCleaner.clean("\u3000a\u3000b\u00A0"));
        // U+2003 too; a character outside the class (é) splits the run
        assertEquals("caf  bar", PromptCleaner.clean("café bar"));
    }

    @Test
    void jsTrimRemovesTheSameWhitespaceAsJavaScript() {
        assertEquals("x", PromptCleaner.jsTrim("\uFEFF\u2028 x \u00A0\u3000"));
        assertEquals("", PromptCleaner.jsTrim(" \t\n"));
    }
}
