package dev.sigil.issuer.audit;

import java.util.List;

/** A page of audit records, newest first; {@code next} is null on the last page. */
public record AuditPage(List<AuditRecord> records, AuditCursor next) {
}
