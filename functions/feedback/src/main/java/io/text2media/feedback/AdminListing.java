package io.text2media.feedback;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The admin list: every record, newest {@code created_at} first (ties: id descending), with the original's stats over
 * all records. Without {@code limit} the whole list comes back (what the existing admin page expects); with
 * {@code limit} (1..1000) a page, and {@code nextCursor} names where the next page starts. The cursor is a position in
 * that order (not an offset), so entries added meanwhile, which are newer, do not shift the later pages.
 */
final class AdminListing {
    static final int MAX_LIMIT = 1000;
    static final String BAD_PAGE = "分页参数无效";

    private AdminListing() {
    }

    /** The request's paging: no limit means everything. */
    record Paging(Optional<Integer> limit, Optional<Position> after) {
        static Paging of(Optional<String> limit, Optional<String> cursor) {
            Optional<Integer> n = limit.map(AdminListing::limit);
            return new Paging(n, cursor.filter(c -> !c.isEmpty()).map(Position::decode));
        }
    }

    /** A place in the order: the created_at (epoch ms) and id of the last entry of a page. */
    record Position(long createdAt, String key) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + key).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                return new Position(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
            } catch (RuntimeException e) {
                throw badPage();
            }
        }
    }

    /** One answer: the page, the stats over everything, and the cursor of the next page (null at the end). */
    record Result(List<JsonObject> page, JsonObject stats, String nextCursor) {
    }

    static Result list(List<FeedbackRecords.Stored> all, Paging paging, LocalDate today) {
        List<Item> items = new ArrayList<>(all.size());
        int pending = 0;
        int processed = 0;
        int todays = 0;
        for (FeedbackRecords.Stored stored : all) {
            Optional<Instant> created = IsoTimes.parse(Jsons.stringOr(stored.record(), "created_at", null));
            items.add(new Item(stored.key(), created.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE), stored.record()));
            String status = Jsons.stringOr(stored.record(), "status", "pending");
            if (status.equals("processed")) {
                processed++;
            } else if (status.equals("pending")) {
                pending++;
            }
            if (created.isPresent() && created.get().atZone(ZoneOffset.UTC).toLocalDate().equals(today)) {
                todays++;
            }
        }
        items.sort(Comparator.comparingLong(Item::createdAt).thenComparing(Item::key).reversed());
        int from = paging.after().map(p -> firstAfter(items, p)).orElse(0);
        int to = paging.limit().map(n -> Math.min(items.size(), from + n)).orElse(items.size());
        List<JsonObject> page = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            page.add(items.get(i).record());
        }
        String next = to < items.size() && to > from
                ? new Position(items.get(to - 1).createdAt(), items.get(to - 1).key()).encode() : null;
        JsonObject stats = Jsons.object()
                .add("total", items.size())
                .add("pending", pending)
                .add("processed", processed)
                .add("today", todays)
                .build();
        return new Result(page, stats, next);
    }

    private static int firstAfter(List<Item> items, Position p) {
        int i = 0;
        while (i < items.size() && !isAfter(items.get(i), p)) {
            i++;
        }
        return i;
    }

    /** True when the item comes after the position in the order (older, or as old with a smaller id). */
    private static boolean isAfter(Item item, Position p) {
        return item.createdAt() < p.createdAt() || item.createdAt() == p.createdAt() && item.key().compareTo(p.key()) < 0;
    }

    private static int limit(String raw) {
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400
        }
        throw badPage();
    }

    private static ApiException badPage() {
        return ApiException.failure(400, "invalid_page", BAD_PAGE);
    }

    private record Item(String key, long createdAt, JsonObject record) {
    }
}
