package io.thalamus.support.net;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses URLs that would let a caller reach what it must not (SSRF): other schemes, loopback, link-local
 * and cloud metadata addresses, and — for URLs supplied by end users — private networks. An operator
 * allow-list of host names and CIDR blocks re-admits specific destinations (e.g. 127.0.0.1 for local
 * development).
 *
 * <p>The check resolves the host and examines every address; callers that then connect should use the
 * returned addresses so a second DNS answer cannot differ (DNS rebinding).
 */
public final class UrlGuard {

    /** Addresses of cloud instance-metadata services, refused even when private networks are allowed. */
    private static final List<CidrBlock> METADATA = List.of(
            CidrBlock.parse("169.254.169.254/32"),
            CidrBlock.parse("fd00:ec2::254/128"),
            CidrBlock.parse("100.100.100.200/32"));

    private final List<CidrBlock> allowedBlocks;
    private final List<String> allowedHosts;
    private final boolean allowPrivateNetworks;

    /**
     * @param allowList            host names and CIDR blocks that are always permitted
     * @param allowPrivateNetworks whether RFC 1918 / unique-local destinations are acceptable (true for
     *                             experts inside the cluster, false for URLs from end users)
     */
    public UrlGuard(List<String> allowList, boolean allowPrivateNetworks) {
        this.allowedBlocks = allowList.stream().filter(CidrBlock::isLiteralAddress).map(CidrBlock::parse).toList();
        this.allowedHosts = allowList.stream().filter(entry -> !CidrBlock.isLiteralAddress(entry))
                .map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** Checks a URL and returns the addresses it resolved to. */
    public List<InetAddress> check(URI uri) throws UnsafeUrlException {
        if (uri == null || !uri.isAbsolute()) {
            throw new UnsafeUrlException("must be an absolute http or https URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UnsafeUrlException("scheme '" + scheme + "' is not allowed, use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrlException("must not carry credentials in the URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new UnsafeUrlException("has no host");
        }
        String normalisedHost = IDN.toASCII(host.replaceAll("^\\[|]$", "")).toLowerCase(Locale.ROOT);
        List<InetAddress> addresses = resolve(normalisedHost);
        if (allowedHosts.contains(normalisedHost)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String refusal = refusalFor(address);
            if (refusal != null) {
                throw new UnsafeUrlException("host '" + host + "' resolves to " + address.getHostAddress()
                        + ", " + refusal + " (an operator can allow it explicitly)");
            }
        }
        return addresses;
    }

    private String refusalFor(InetAddress address) {
        if (allowedBlocks.stream().anyMatch(block -> block.contains(address))) {
            return null;
        }
        if (METADATA.stream().anyMatch(block -> block.contains(address))) {
            return "a cloud metadata address";
        }
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (!allowPrivateNetworks && (address.isSiteLocalAddress() || isUniqueLocal(address))) {
            return "a private network address";
        }
        return null;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xFE) == 0xFC;
    }

    private static List<InetAddress> resolve(String host) throws UnsafeUrlException {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new UnsafeUrlException("host '" + host + "' does not resolve");
        }
    }
}
