package io.text2media.shared.store;

import java.util.List;
import java.util.Optional;

/** One page of a prefix listing; {@code nextCursor} is present when more entries follow. */
public record KvPage(List<KvEntry> entries, Optional<String> nextCursor) {
}
