package io.text2media.shared.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * The caller's address: the socket's, unless {@code TRUSTED_PROXY_HEADER} names a header that a proxy in front of
 * the service sets. For a list header (X-Forwarded-For) the last entry is used: it is the one the trusted proxy
 * appended, everything left of it came from the client and can be forged (the original keyed on the whole raw list).
 */
public final class ClientAddresses {
    private final Optional<String> trustedHeader;

    public ClientAddresses(Optional<String> trustedHeader) {
        this.trustedHeader = trustedHeader;
    }

    public String of(ServerRequest request) {
        if (trustedHeader.isPresent()) {
            Optional<String> value = request.headers().first(HeaderNames.create(trustedHeader.get()));
            if (value.isPresent() && !value.get().isBlank()) {
                String[] parts = value.get().split(",");
                return parts[parts.length - 1].trim();
            }
        }
        SocketAddress address = request.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return request.remotePeer().host();
    }

    /** A /24 (IPv4) or /48 (IPv6) prefix: enough for abuse analysis, not enough to identify a person. */
    public static String truncate(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        if (ip.indexOf(':') >= 0) {
            String[] groups = ip.split(":", -1);
            StringBuilder prefix = new StringBuilder();
            int taken = 0;
            for (String g : groups) {
                if (taken == 3 || g.isEmpty()) {
                    break;
                }
                prefix.append(g).append(':');
                taken++;
            }
            return prefix.append(":/48").toString();
        }
        int last = ip.lastIndexOf('.');
        return last < 0 ? ip : ip.substring(0, last) + ".0/24";
    }
}
