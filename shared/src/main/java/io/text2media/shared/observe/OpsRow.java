package io.text2media.shared.observe;

/** A row for the operations tables, queued by {@link OpsLogWriter}. */
public sealed interface OpsRow permits RequestLogRow, ErrorLogRow {
}
