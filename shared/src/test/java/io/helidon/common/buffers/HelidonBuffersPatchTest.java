package io.helidon.common.buffers;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The patched copy of DataReader (see its header) is the one loaded, and it still reads across its nodes. */
class HelidonBuffersPatchTest {

    @Test
    void thePatchedClassShadowsTheOriginal() {
        // Helidon's own class has no such field: with it loaded this line fails with NoSuchFieldError.
        assertTrue(DataReader.TEXT2MEDIA_PATCH);
        String location = DataReader.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(location.contains("shared"), "loaded from " + location);
    }

    @Test
    void bytesSpreadOverManyReadsArriveInOrderAfterConsumedNodesAreUnlinked() {
        Deque<byte[]> reads = new ArrayDeque<>();
        reads.add(new byte[] {1, 2});
        reads.add(new byte[] {3});
        reads.add(new byte[] {4, 5, 6});
        DataReader reader = new DataReader(reads::poll);
        reader.skip(1);
        assertArrayEquals(new byte[] {2, 3, 4}, reader.readBytes(3));
        assertArrayEquals(new byte[] {5, 6}, reader.readBytes(2));
    }
}
