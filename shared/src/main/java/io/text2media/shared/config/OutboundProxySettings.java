package io.text2media.shared.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outbound proxy of every upstream call (Pollinations, DeepSeek, Google, the email API), from the variables curl
 * reads: {@code https_proxy}/{@code HTTPS_PROXY} for https targets, {@code http_proxy}/{@code HTTP_PROXY} for http
 * targets (Helidon tunnels both with CONNECT), {@code no_proxy}/{@code NO_PROXY} for the hosts that are called directly
 * (comma-separated; {@code example.com} and {@code .example.com} cover its subdomains, {@code *} every host, an
 * optional {@code :port} narrows an entry). The lower-case name wins when both are set, as with curl. A proxy URL is
 * {@code http://[user:password@]host[:port]}; an invalid one stops the start naming the variable.
 */
public record OutboundProxySettings(Optional<ProxyAddress> https, Optional<ProxyAddress> http, List<String> noProxy) {
    public static final OutboundProxySettings NONE = new OutboundProxySettings(Optional.empty(), Optional.empty(), List.of());

    /** One proxy: where it is, and its credentials (never shown: {@link #toString()} leaves them out). */
    public record ProxyAddress(String host, int port, Optional<String> username, Optional<String> password) {
        @Override
        public String toString() {
            return "http://" + host + ":" + port;
        }
    }

    static OutboundProxySettings from(Env env) {
        return new OutboundProxySettings(proxy(env, "https_proxy", "HTTPS_PROXY"), proxy(env, "http_proxy", "HTTP_PROXY"),
                env.firstOf("no_proxy", "NO_PROXY").map(OutboundProxySettings::hosts).orElse(List.of()));
    }

    /** The proxy for a target, or empty when it is called directly. */
    public Optional<ProxyAddress> forTarget(URI target) {
        String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
        int port = target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        if (bypassed(host, port)) {
            return Optional.empty();
        }
        return "https".equalsIgnoreCase(target.getScheme()) ? https : http;
    }

    /** What /internal/health shows: the proxies without their credentials, and the bypass list. */
    public Map<String, Object> describe() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("https", https.map(ProxyAddress::toString).orElse(null));
        shown.put("http", http.map(ProxyAddress::toString).orElse(null));
        shown.put("no_proxy", noProxy);
        return shown;
    }

    private boolean bypassed(String host, int port) {
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(']') < colon && entry.chars().filter(c -> c == ':').count() == 1) {
                if (!entry.substring(colon + 1).equals(String.valueOf(port))) {
                    continue;
                }
                name = entry.substring(0, colon);
            }
            String domain = name.startsWith(".") ? name.substring(1) : name;
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> hosts(String value) {
        List<String> hosts = new ArrayList<>();
        for (String part : value.split(",")) {
            String h = part.trim().toLowerCase(Locale.ROOT);
            if (!h.isEmpty()) {
                hosts.add(h.startsWith("*.") ? h.substring(1) : h);
            }
        }
        return List.copyOf(hosts);
    }

    private static Optional<ProxyAddress> proxy(Env env, String lower, String upper) {
        Optional<String> value = env.optional(lower);
        String name = lower;
        if (value.isEmpty()) {
            value = env.optional(upper);
            name = upper;
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().contains("://") ? value.get() : "http://" + value.get(); // curl takes host:port too
        try {
            URI uri = new URI(text);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new SettingsException(name, "must be http://[user:password@]host[:port]");
            }
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = Optional.of(decode(parts[0]));
                password = parts.length > 1 ? Optional.of(decode(parts[1])) : Optional.empty();
            }
            return Optional.of(new ProxyAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80, user, password));
        } catch (URISyntaxException e) {
            throw new SettingsException(name, "must be http://[user:password@]host[:port]");
        }
    }

    private static String decode(String part) {
        return java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OutboundProxySettings" + describe();
    }
}
