package io.text2media.shared.http;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdTest {

    @Test
    void idsAreVersion7UuidsOrderedByTimeAndUnique() throws Exception {
        Set<String> seen = new HashSet<>();
        String previous = RequestInfo.newId();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestInfo.newId();
            UUID uuid = UUID.fromString(id);
            assertEquals(7, uuid.version());
            assertEquals(2, uuid.variant());
            assertTrue(seen.add(id), "unique");
            long millis = uuid.getMostSignificantBits() >>> 16;
            assertTrue(Math.abs(millis - System.currentTimeMillis()) < 5_000, "carries the time");
            previous = id;
        }
        String earlier = previous;
        Thread.sleep(2);
        assertTrue(RequestInfo.newId().compareTo(earlier) > 0, "a later id sorts after an earlier one");
    }
}
