package dev.sigil.adminui.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import tools.jackson.databind.json.JsonMapper;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.audit.AuditFilter;
import dev.sigil.issuer.audit.AuditQuery;
import dev.sigil.issuer.audit.AuditRecord;

/**
 * Exports of the tokens page's current search as CSV or JSON Lines, streamed from a
 * database cursor so that a million rows never sit in memory.
 */
@Controller
class TokenExportController {

	private static final String[] CSV_COLUMNS = { "jti", "issued_at", "expires_at", "org", "app", "machine",
			"machine_version", "sub", "aud", "kid", "client_address" };

	private final AuditQuery audit;

	private final AdminScope scope;

	private final AdminEvents events;

	private final JsonMapper json;

	TokenExportController(AuditQuery audit, AdminScope scope, AdminEvents events, JsonMapper json) {
		this.audit = audit;
		this.scope = scope;
		this.events = events;
		this.json = json;
	}

	@GetMapping("/admin/tokens/export.csv")
	ResponseEntity<StreamingResponseBody> csv(@AuthenticationPrincipal AdminPrincipal principal,
			@ModelAttribute TokenSearch search) {
		return export(principal, search, "csv", new MediaType("text", "csv", StandardCharsets.UTF_8), (writer) -> {
			writer.write(String.join(",", CSV_COLUMNS));
			writer.write("\r\n");
		}, (writer, record) -> {
			writer.write(String.join(",", csvCell(record.jti().toString()), csvCell(record.issuedAt().toString()),
					csvCell(record.expiresAt().toString()), csvCell(record.orgSlug()), csvCell(record.appName()),
					csvCell(record.machineName()), csvCell(Integer.toString(record.machineVersion())),
					csvCell(record.subject()), csvCell(record.audience()), csvCell(record.kid()),
					csvCell(record.clientAddress())));
			writer.write("\r\n");
		});
	}

	@GetMapping("/admin/tokens/export.jsonl")
	ResponseEntity<StreamingResponseBody> jsonLines(@AuthenticationPrincipal AdminPrincipal principal,
			@ModelAttribute TokenSearch search) {
		return export(principal, search, "jsonl", MediaType.parseMediaType("application/jsonl"), (writer) -> {
		}, (writer, record) -> {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("jti", record.jti().toString());
			line.put("org", record.orgSlug());
			line.put("issued_at", record.issuedAt().toString());
			line.put("expires_at", record.expiresAt().toString());
			line.put("kid", record.kid());
			line.put("client_address", record.clientAddress());
			line.put("claims", record.claims());
			writer.write(this.json.writeValueAsString(line));
			writer.write("\n");
		});
	}

	private ResponseEntity<StreamingResponseBody> export(AdminPrincipal principal, TokenSearch search, String extension,
			MediaType type, RowWriter header, RecordWriter rows) {
		UUID orgId = this.scope.queryOrg(principal, search.org());
		AuditFilter filter = search.filter();
		this.events.record("user:" + principal.getUsername(), "tokens.exported", orgId, extension, search.query(null));
		StreamingResponseBody body = (out) -> {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
			header.write(writer);
			this.audit.stream(orgId, filter, (record) -> {
				try {
					rows.write(writer, record);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			writer.flush();
		};
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sigil-tokens." + extension + "\"")
			.body(body);
	}

	/**
	 * A CSV cell, quoted when needed, and defused when a spreadsheet would read it as a
	 * formula.
	 */
	static String csvCell(String value) {
		if (value == null) {
			return "";
		}
		String text = value;
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

	@FunctionalInterface
	private interface RowWriter {

		void write(Writer writer) throws IOException;

	}

	@FunctionalInterface
	private interface RecordWriter {

		void write(Writer writer, AuditRecord record) throws IOException;

	}

}
