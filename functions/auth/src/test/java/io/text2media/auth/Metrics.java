package io.text2media.auth;

import io.text2media.shared.testing.Http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one counter from the Prometheus endpoint, as an operator's scraper would. */
final class Metrics {

    private Metrics() {
    }

    static double resetEmails(Http http, String outcome) {
        String text = http.get("/observe/metrics", "Accept", "text/plain").body();
        Matcher m = Pattern.compile("(?m)^auth_reset_emails_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} ([0-9.eE+]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
