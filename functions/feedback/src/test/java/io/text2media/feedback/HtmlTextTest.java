package io.text2media.feedback;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlTextTest {

    @Test
    void tagsGoAndTheirTextStays() {
        assertEquals("Hello world", HtmlText.strip("<b>Hello</b> <i class=\"x\">world</i>"));
        assertEquals("a  c", HtmlText.strip("a < b > c"), "anything between < and > is a tag, as in the original");
        assertEquals("1 < 2", HtmlText.strip("1 < 2"), "an unclosed < is text");
    }

    @Test
    void scriptAndStyleContentsGoToo() {
        assertEquals("Hello", HtmlText.strip("<script>alert(1)</script>Hello"), "the original kept xHello");
        assertEquals("Hi!", HtmlText.strip("Hi<SCRIPT type=\"text/javascript\">var a = '<b>';</ScRiPt >!"));
        assertEquals("ok", HtmlText.strip("<style>p { color: red }</style>ok"));
        assertEquals("before", HtmlText.strip("before<script>never closed"));
        assertEquals("x", HtmlText.strip("<scripts>x</scripts>"), "only the element named script");
        assertEquals("x", HtmlText.strip("<script/>x"), "self-closed: nothing to drop");
    }

    @Test
    void commentsGoWhole() {
        assertEquals("ab", HtmlText.strip("a<!-- <b> > -->b"));
        assertEquals("a", HtmlText.strip("a<!-- open"));
    }

    @Test
    void craftedInputStaysLinear() {
        String many = "<script>".repeat(200_000) + "x";
        String opens = "<".repeat(400_000);
        long start = System.nanoTime();
        assertEquals("", HtmlText.strip(many));
        assertEquals(opens, HtmlText.strip(opens));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 20_000, "no quadratic blow-up");
    }

    @Test
    void trimIsJavaScriptsIncludingNoBreakSpaces() {
        assertEquals("x", HtmlText.trim("\u00A0\uFEFF x \u3000"));
        assertEquals("", HtmlText.trim("\u00A0"));
    }
}
